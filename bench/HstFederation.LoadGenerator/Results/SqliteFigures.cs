namespace HstFederation.LoadGenerator.Results;

/// <summary>
/// Baseline (c): the rows the hub writes for one message (the message with its envelope and a receipt-sized
/// blob, one delivery row per recipient) inserted into a copy of the hub's own database with the hub
/// writer's pragmas, with reused prepared statements and none of the hub's checks, audit entry or signing.
/// </summary>
internal sealed record SqliteFigures
{
    /// <summary>Messages per transaction in the batched measurement: the hub writer's largest group commit.</summary>
    public required int BatchSize { get; init; }

    public required double MessagesPerSecond { get; init; }

    /// <summary>One transaction (one fsync) per message.</summary>
    public required double SingleCommitMessagesPerSecond { get; init; }

    /// <summary>Median time of one single-message transaction, COMMIT (fsync) included.</summary>
    public required double CommitMilliseconds { get; init; }

    public required int Messages { get; init; }
}
