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
}
