namespace HstFederation.LoadGenerator.Results;

/// <summary>One scenario: its parameters, the hub's figures, the three baselines and the ratios, side by side.</summary>
internal sealed record ScenarioResult
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required string Mode { get; init; }

    public required int FanOut { get; init; }

    public required int MessageBytes { get; init; }

    public required int EnvelopeBytes { get; init; }

    public required int Messages { get; init; }

    /// <summary>Warm-up messages sent through the hub (and the echo baseline) before the timed phase, in no figure; absent (0) in older result files.</summary>
    public int Warmup { get; init; }

    public required int Senders { get; init; }

    public required int Subscribers { get; init; }

    public double Rate { get; init; }

    public int InFlight { get; init; }

    public bool SlowSubscriber { get; init; }

    /// <summary>/proc/loadavg (1, 5, 15 min) when the scenario started: how busy the machine was.</summary>
    public required double[] LoadAverage { get; init; }

    public required HubFigures Hub { get; init; }

    public required EchoFigures Echo { get; init; }

    public required StreamFigures Stream { get; init; }

    public required SqliteFigures Sqlite { get; init; }

    public required Ratios Ratios { get; init; }

    public required Checks Checks { get; init; }
}
