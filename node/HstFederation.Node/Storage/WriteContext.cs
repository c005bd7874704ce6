using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>What a write operation sees inside the writer's transaction: the connection and the batch's time.</summary>
internal sealed class WriteContext
{
    public WriteContext(SqliteConnection connection, long nowMs)
    {
        Connection = connection;
        NowMs = nowMs;
    }

    public SqliteConnection Connection { get; }

    /// <summary>Unix milliseconds, read once per batch from the injected TimeProvider.</summary>
    public long NowMs { get; }

    /// <summary>Set by <see cref="LifecyclePurge"/>: the writer merges the full-text index once, just before the commit.</summary>
    public bool IndexMergeDue { get; private set; }

    /// <summary>
    /// Asks for one merge of the full-text index before this transaction commits, however many copies it purges: a merge
    /// rewrites the whole index, so a sweep of 500 expired copies must not run 500 of them (docs/lifecycle.md §4).
    /// </summary>
    public void MergeIndexBeforeCommit() => IndexMergeDue = true;
}
