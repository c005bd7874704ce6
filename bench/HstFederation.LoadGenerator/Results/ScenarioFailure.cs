namespace HstFederation.LoadGenerator.Results;

/// <summary>A scenario that did not finish: which step failed and why. Its figures are not reported.</summary>
internal sealed record ScenarioFailure
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>The step that failed: sealing, the hub run, the echo / stream / SQLite baseline.</summary>
    public required string Step { get; init; }

    /// <summary>The exception's type and message (the whole exception is printed to stderr).</summary>
    public required string Error { get; init; }

    /// <summary>/proc/loadavg when the scenario started.</summary>
    public required double[] LoadAverage { get; init; }
}
