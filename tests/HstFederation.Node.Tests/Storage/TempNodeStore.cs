using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.Storage;

/// <summary>A node store on a real SQLite file in its own temporary directory, with a fake clock.</summary>
internal sealed class TempNodeStore : IAsyncDisposable
{
    private TempNodeStore(string directory, FakeTimeProvider time)
    {
        DirectoryPath = directory;
        Time = time;
        Store = NodeStore.Open(DatabasePath, time);
    }

    public string DirectoryPath { get; }

    public string DatabasePath => Path.Combine(DirectoryPath, "node.db");

    public FakeTimeProvider Time { get; }

    public NodeStore Store { get; private set; }

    public static TempNodeStore Create() => Create(null);

    /// <summary>
    /// <paramref name="seed"/> gets the database path (its directory exists) and the clock before the store
    /// opens it, e.g. to leave the file an older node would have left.
    /// </summary>
    public static TempNodeStore Create(Action<string, FakeTimeProvider>? seed)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hst-node-store-" + Path.GetRandomFileName());
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        Directory.CreateDirectory(directory);
        seed?.Invoke(Path.Combine(directory, "node.db"), time);
        return new TempNodeStore(directory, time);
    }

    /// <summary>Closes the store and opens a new one on the same file, as a restarted node would.</summary>
    public async Task<NodeStore> ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = NodeStore.Open(DatabasePath, Time);
        return Store;
    }

    /// <summary>Runs a query on a separate connection (not the store's), e.g. to count rows.</summary>
    public long Count(string sql)
    {
        using var connection = Store.Database.OpenReadConnection();
        return (long)connection.Scalar(sql)!;
    }

    /// <summary>A plain read-write connection, as an insider with the sqlite3 shell would have.</summary>
    public SqliteConnection Raw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not a test failure.
        }
    }
}
