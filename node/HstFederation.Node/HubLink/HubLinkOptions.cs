namespace HstFederation.Node.HubLink;

/// <summary>Timings of the hub link; the defaults suit production, tests shorten them.</summary>
internal sealed class HubLinkOptions
{
    /// <summary>First retry delay; later ones grow exponentially with jitter up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries of one submission within one outbox pass; the next pass starts again.</summary>
    public int SubmitAttempts { get; init; } = 6;

    /// <summary>How often the outbox is looked at when nobody nudges the sender.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A directory older than this is refreshed before sealing (kept if the hub is away, until it expires).</summary>
    public TimeSpan DirectoryRefresh { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Acknowledgements sent to the hub in one call at most.</summary>
    public int AckBatchSize { get; init; } = 64;

    /// <summary>How long an acknowledgement may wait for its batch to fill before it is sent anyway.</summary>
    public TimeSpan AckFlushInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A call's delivery receipts signed together through one root (true), or each on its own (NodeOptions).</summary>
    public bool SignReceiptsInBatches { get; init; } = true;
}
