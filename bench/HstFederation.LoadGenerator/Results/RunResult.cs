namespace HstFederation.LoadGenerator.Results;

/// <summary>The JSON result file of one run; the report and the plots are made from it alone.</summary>
internal sealed record RunResult
{
    public const int CurrentSchema = 1;

    public int Schema { get; init; } = CurrentSchema;

    public required string Profile { get; init; }

    public required string Purpose { get; init; }

    public required string CommandLine { get; init; }

    /// <summary>The --scale factor of the message counts (1 unless a quick look was asked for).</summary>
    public double Scale { get; init; } = 1.0;

    public required DateTimeOffset StartedAt { get; init; }

    public required double DurationSeconds { get; init; }

    public required MachineInfo Machine { get; init; }

    /// <summary>/proc/loadavg before the run and after it.</summary>
    public required double[] LoadAverageBefore { get; init; }

    public required double[] LoadAverageAfter { get; init; }

    /// <summary>The scenarios that completed (their figures are reported and plotted).</summary>
    public required IReadOnlyList<ScenarioResult> Scenarios { get; init; }

    /// <summary>The scenarios that failed, each with its step and error; absent from files written before it existed.</summary>
    public IReadOnlyList<ScenarioFailure> Failed { get; init; } = [];

    /// <summary>The full profile at its own message counts: the only run whose figures belong in docs/performance.md.</summary>
    public bool Representative => Profile == "full" && Scale == 1.0;

    public bool Complete => Failed.Count == 0 && Scenarios.Count > 0 && Scenarios.All(s => s.Checks.Complete);
}
