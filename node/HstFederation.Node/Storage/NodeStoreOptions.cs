namespace HstFederation.Node.Storage;

internal sealed class NodeStoreOptions
{
    /// <summary>The most write operations committed together in one transaction (one fsync).</summary>
    public int MaxBatchSize { get; init; } = 256;

    /// <summary>Writes waiting for the writer beyond this make callers wait (backpressure).</summary>
    public int QueueCapacity { get; init; } = 4096;

    /// <summary>How long a connection waits for a lock held by another process (e.g. an operator command).</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Optional storage quota in pages (SQLite <c>max_page_count</c>); null leaves SQLite's default.</summary>
    public long? MaxPageCount { get; init; }

    /// <summary>
    /// Told (from, to) before the pending migrations of an existing file run, holding its write lock: one may take minutes
    /// on a large file (migration 17 rewrites inbox and outbox), and whoever waits should know why.
    /// </summary>
    public Action<int, int>? Migrating { get; init; }

    /// <summary>
    /// The free space, in bytes, of the volume of the database's directory (null: it cannot be told), checked before a
    /// pending migration that rebuilds tables (<see cref="RebuildSpace"/>). Tests make it report little space: a full
    /// volume is not at hand.
    /// </summary>
    public Func<string, long?> FreeSpace { get; init; } = VolumeSpace.Available;
}
