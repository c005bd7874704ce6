namespace HstFederation.LoadGenerator.Cli;

/// <summary>The parsed command line (see <see cref="HelpText"/>).</summary>
internal sealed record Options
{
    public const string DefaultResultsDirectory = "LoadGenerator.Artifacts";

    public const int DefaultMaxBacklog = 256;

    public Command Command { get; init; } = Command.Run;

    public string Profile { get; init; } = "smoke";

    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>Where result JSON files are written and the newest is read by --report / --plots.</summary>
    public string ResultsDirectory { get; init; } = DefaultResultsDirectory;

    /// <summary>A result file to report on instead of the newest one.</summary>
    public string? Json { get; init; }

    /// <summary>Where the hub databases and the PKI go (default: a new temporary directory).</summary>
    public string? WorkDirectory { get; init; }

    public bool Keep { get; init; }

    /// <summary>Open loop: the most submissions unanswered at once (in flight or waiting to be retried); beyond it sends wait.</summary>
    public int MaxBacklog { get; init; } = DefaultMaxBacklog;

    /// <summary>Multiplies every scenario's message counts (e.g. 0.1 for a quick look at the full profile's shapes).</summary>
    public double Scale { get; init; } = 1.0;

    /// <summary>Warm-up messages per scenario (0: none); null keeps each scenario's default (10 % of its messages, at least 200).</summary>
    public int? Warmup { get; init; }

    /// <summary>Sending members per scenario; null keeps each scenario's own (the open-loop rate is split evenly among them).</summary>
    public int? Senders { get; init; }

    /// <summary>Closed loop: submissions in flight at once; null keeps each scenario's own. Open-loop scenarios ignore it.</summary>
    public int? InFlight { get; init; }

    /// <summary>--report: the markdown file whose generated section is rewritten; null prints the section.</summary>
    public string? ReportFile { get; init; }

    /// <summary>--report / --plots: where the PNG plots go (default: images/ beside the report).</summary>
    public string? ImagesDirectory { get; init; }

    public string? Pki { get; init; }

    public string? PortFile { get; init; }
}
