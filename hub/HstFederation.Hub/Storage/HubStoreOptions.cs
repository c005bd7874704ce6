namespace HstFederation.Hub.Storage;

internal sealed class HubStoreOptions
{
    /// <summary>A submission whose sequence exceeds the sender's highest by more than this is refused (SequenceJump).</summary>
    public long MaxSequenceJump { get; init; } = 1000;

    /// <summary>The most write operations committed together in one transaction (one fsync).</summary>
    public int MaxBatchSize { get; init; } = 256;

    /// <summary>
    /// How long a batch that holds other work may run before it stops taking acknowledgements (it always takes at least
    /// one). Nobody waits on an acknowledgement for latency, while a submission's receipt and a stream's next page wait on
    /// their batch: acknowledgements queued ahead of them run after them instead, and mostly in batches of their own.
    /// </summary>
    public TimeSpan AcknowledgementBudget { get; init; } = TimeSpan.FromMilliseconds(3);

    /// <summary>
    /// Writes waiting for the writer beyond this make callers wait (backpressure). The acknowledgements the writer holds
    /// aside (see <see cref="AcknowledgementBudget"/>) are bounded by it separately, so at most twice this waits in all.
    /// </summary>
    public int QueueCapacity { get; init; } = 4096;

    /// <summary>How long a connection waits for a lock held by another process (e.g. an operator command).</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Optional storage quota in pages (SQLite <c>max_page_count</c>); null leaves SQLite's default.</summary>
    public long? MaxPageCount { get; init; }
}
