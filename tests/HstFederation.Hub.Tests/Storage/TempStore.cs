using HstFederation.Hub.Storage;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>A hub store on a real SQLite file in its own temporary directory, with a fake clock.</summary>
internal sealed class TempStore : IAsyncDisposable
{
    private TempStore(string directory, FakeTimeProvider time, HubStoreOptions options)
    {
        DirectoryPath = directory;
        Time = time;
        Options = options;
        Store = HubStore.Open(PathOf(directory), time, options);
    }

    public string DirectoryPath { get; }

    public string DatabasePath => PathOf(DirectoryPath);

    public FakeTimeProvider Time { get; }

    public HubStoreOptions Options { get; }

    public HubStore Store { get; private set; }

    public static TempStore Create(HubStoreOptions? options = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hst-store-" + Path.GetRandomFileName());
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        return new TempStore(directory, time, options ?? new HubStoreOptions());
    }

    /// <summary>Closes the store and opens a new one on the same file, as a restarted hub would.</summary>
    public async Task<HubStore> ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = HubStore.Open(DatabasePath, Time, Options);
        return Store;
    }

    /// <summary>Runs a query on a separate connection (not the store's), e.g. to count rows.</summary>
    public long Count(string sql)
    {
        using var connection = Store.Database.OpenReadConnection();
        return (long)connection.Scalar(sql)!;
    }

    /// <summary>The two integer columns of every row of <paramref name="sql"/>, on a separate connection.</summary>
    public List<(long, long)> Pairs(string sql)
    {
        using var connection = Store.Database.OpenReadConnection();
        return connection.Query(sql, reader =>
        {
            var rows = new List<(long, long)>();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }

            return rows;
        });
    }

    /// <summary>The first (text) column of every row of <paramref name="sql"/>, on a separate connection.</summary>
    public List<string> Strings(string sql)
    {
        using var connection = Store.Database.OpenReadConnection();
        return connection.Query(sql, reader =>
        {
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(reader.GetString(0));
            }

            return rows;
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(DirectoryPath, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not a test failure.
        }
    }

    private static string PathOf(string directory) => Path.Combine(directory, "hub.db");
}
