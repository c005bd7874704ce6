namespace HstFederation.Node.Storage;

/// <summary>One inbox message as stored: the delivery and when this node stored it.</summary>
internal sealed record InboxEntry(long LocalId, ReceivedEnvelope Message, long ReceivedAtMs)
{
    /// <summary>The lifecycle columns (Migration0009): lineage, effective handling and retention, purge.</summary>
    public Ledger.CopyLifecycle Lifecycle { get; init; } = new(1, null, null, null, null, null, null, null);
}
