using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.Storage;

/// <summary>
/// Before migration 17 rebuilds inbox, outbox and tombstones on an existing file, the node checks that the volume has the
/// space the rebuild may take, and refuses in one line, with nothing changed, when it has not. A full volume is not at hand:
/// <see cref="NodeStoreOptions.FreeSpace"/> reports what each test needs.
/// </summary>
public sealed class RebuildSpaceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hst-node-space-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Open_Version16File_OnAVolumeWithLessThanTheRebuildNeeds_IsRefusedInOneLine_AndTheFileIsUnchanged()
    {
        var path = Version16File("node.db", rows: 40);
        var needed = Needed(path);
        var bytesBefore = await File.ReadAllBytesAsync(path);
        var asked = new List<string>();
        var announced = new List<(int, int)>();

        var refused = Assert.Throws<DatabaseFileException>(() => NodeStore.Open(path, _time, new NodeStoreOptions
        {
            FreeSpace = directory =>
            {
                asked.Add(directory);
                return 4096;
            },
            Migrating = (from, to) => announced.Add((from, to)),
        }));
        SqliteConnection.ClearAllPools();

        Assert.Equal([_directory], asked);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.StartsWith($"{path}: migration 17 rebuilds inbox, outbox and tombstones, which needs up to ", refused.Message, StringComparison.Ordinal);
        Assert.Contains($" free on the volume of {_directory} (3 times the ", refused.Message, StringComparison.Ordinal);
        Assert.Contains(
            "and 4 KiB is free: free space there, or move the file to a volume with more and set Node:DatabasePath to it (docs/node.md, Storage), then try again. " +
            "Nothing was migrated, the file is as it was at schema version 16.",
            refused.Message,
            StringComparison.Ordinal);
        Assert.Contains($"which needs up to {RebuildSpace.Size(needed)} free", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith(" MiB", RebuildSpace.Size(needed), StringComparison.Ordinal);
        // Refused before it is announced: nothing waits on a migration that is not going to run.
        Assert.Empty(announced);
        Assert.Equal(bytesBefore, await File.ReadAllBytesAsync(path));
        Assert.Equal(16L, Scalar(path, "SELECT MAX(version) FROM schema_version;"));

        // Once there is room, the same file migrates with every row.
        await using var store = NodeStore.Open(path, _time, new NodeStoreOptions { FreeSpace = _ => needed });
        Assert.Equal(SchemaMigrations.LatestVersion, store.Database.SchemaVersion);
        Assert.Equal(40L, Scalar(path, "SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task Open_Version16File_WithTheSpaceItNeeds_OrOnTheRealVolume_OrWhenTheVolumeDoesNotSay_Migrates()
    {
        var exactly = Version16File("exactly.db", rows: 10);
        var real = Version16File("real.db", rows: 10);
        var unknown = Version16File("unknown.db", rows: 10);
        var needed = Needed(exactly);

        await using (var store = NodeStore.Open(exactly, _time, new NodeStoreOptions { FreeSpace = _ => needed }))
        {
            Assert.Equal(SchemaMigrations.LatestVersion, store.Database.SchemaVersion);
        }

        // The default probe (DriveInfo on the temporary directory's volume, which has the few hundred KiB this takes).
        await using (var store = NodeStore.Open(real, _time))
        {
            Assert.Equal(SchemaMigrations.LatestVersion, store.Database.SchemaVersion);
        }

        await using (var store = NodeStore.Open(unknown, _time, new NodeStoreOptions { FreeSpace = _ => null }))
        {
            Assert.Equal(SchemaMigrations.LatestVersion, store.Database.SchemaVersion);
        }

        Assert.Equal(10L, Scalar(unknown, "SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task Needed_GrowsWithTheRows_SoTheSameFreeSpaceLetsASmallFileMigrate_AndRefusesALargeOne()
    {
        var small = Version16File("small.db", rows: 10);
        var large = Version16File("large.db", rows: 200);
        var (smallNeeds, largeNeeds) = (Needed(small), Needed(large));
        Assert.True(largeNeeds > smallNeeds + (190 * 4096 * 3), $"small {smallNeeds}, large {largeNeeds}");

        await using (var store = NodeStore.Open(small, _time, new NodeStoreOptions { FreeSpace = _ => smallNeeds }))
        {
            Assert.Equal(SchemaMigrations.LatestVersion, store.Database.SchemaVersion);
        }

        Assert.Throws<DatabaseFileException>(() => NodeStore.Open(large, _time, new NodeStoreOptions { FreeSpace = _ => smallNeeds }));
        Assert.Equal(16L, Scalar(large, "SELECT MAX(version) FROM schema_version;"));
    }

    /// <summary>A new file has no rows to copy, and a file past migration 17 has nothing to rebuild: neither is checked.</summary>
    [Fact]
    public async Task Open_ANewFile_OrAFilePastTheRebuild_IsNotChecked()
    {
        var version17 = Path.Combine(_directory, "version17.db");
        using (var connection = Connect(version17))
        {
            Assert.Equal(17, SchemaMigrations.Apply(connection, _time, 17));
        }

        await using (var store = NodeStore.Open(Path.Combine(_directory, "new.db"), _time, new NodeStoreOptions { FreeSpace = _ => 0 }))
        {
            Assert.Equal(SchemaMigrations.LatestVersion, store.Database.SchemaVersion);
        }

        await using (var store = NodeStore.Open(version17, _time, new NodeStoreOptions { FreeSpace = _ => 0 }))
        {
            Assert.Equal(SchemaMigrations.LatestVersion, store.Database.SchemaVersion);
        }
    }

    /// <summary>
    /// A file a node at schema version 16 left, with <paramref name="rows"/> sealed outbox messages of a 4 KiB envelope each
    /// (an empty plaintext, which the search backfill at open indexes as an empty message).
    /// </summary>
    private string Version16File(string name, int rows)
    {
        var path = Path.Combine(_directory, name);
        using var connection = Connect(path);
        Assert.Equal(16, SchemaMigrations.Apply(connection, _time, 16));
        connection.Execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
            INSERT INTO outbox (message_id, sequence, actor, plaintext, envelope, created_at_ms, state, state_at_ms)
            SELECT randomblob(16), i, 'agency:border-police', X'', randomblob(4096), i, 1, i FROM n;
            """,
            ("$rows", rows));
        return path;
    }

    private static long Needed(string path)
    {
        using var connection = Connect(path);
        return RebuildSpace.Needed(connection);
    }

    private static object? Scalar(string path, string sql)
    {
        using var connection = Connect(path);
        return connection.Scalar(sql);
    }

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        return connection;
    }
}
