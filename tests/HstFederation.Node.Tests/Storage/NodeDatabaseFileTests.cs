using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.Storage;

/// <summary>
/// The file the node opens is the node's: stamped with the node's application_id, told apart from the hub's before anything
/// is migrated, and every file it cannot use (a newer schema, not a database, locked, a directory) is one line naming the file.
/// </summary>
public sealed class NodeDatabaseFileTests : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("hst-node-file-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private string DatabasePath => Path.Combine(_directory, "node.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    /// <summary>
    /// A migration holds the file and one that rewrites tables takes minutes on a large file: an existing file's pending
    /// migrations are announced before they run (a command on stderr, `serve` in its log), a new file's and an up-to-date
    /// one's are not.
    /// </summary>
    [Fact]
    public async Task Command_OnAnOlderFile_SaysItMigrates_OnStderr_AndNotOnceItIsUpToDate()
    {
        using (var connection = Connect())
        {
            SchemaMigrations.Apply(connection, _time, 16);
        }

        var first = await Commands.CommandRun.RunAsync("quarantine", "--json", $"--Node:DatabasePath={DatabasePath}");
        var second = await Commands.CommandRun.RunAsync("quarantine", "--json", $"--Node:DatabasePath={DatabasePath}");
        var announced = new List<(int, int)>();
        NodeDatabase.Open(Path.Combine(_directory, "new.db"), _time, migrating: (from, to) => announced.Add((from, to)));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Migrating the node database from schema version 16 to {SchemaMigrations.LatestVersion};", first.Error, StringComparison.Ordinal);
        Assert.StartsWith("{", first.Out.TrimStart(), StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("Migrating", second.Error, StringComparison.Ordinal);
        Assert.Empty(announced);
    }

    [Fact]
    public void Open_NewFile_IsStampedWithTheNodesApplicationId()
    {
        NodeDatabase.Open(DatabasePath, _time);

        Assert.Equal(DatabaseProgram.Node.ApplicationId, Scalar("PRAGMA application_id;"));
    }

    [Fact]
    public void Open_NodeFileFromBeforeTheStamp_OpensAndIsStamped()
    {
        // The file a node before the stamp left: its migrations, no application_id.
        using (var connection = Connect())
        {
            SchemaMigrations.Apply(connection, _time, 15);
            connection.Execute("PRAGMA application_id = 0;");
        }

        Assert.Equal(0L, Scalar("PRAGMA application_id;"));

        var database = NodeDatabase.Open(DatabasePath, _time);

        Assert.Equal(SchemaMigrations.LatestVersion, database.SchemaVersion);
        Assert.Equal(DatabaseProgram.Node.ApplicationId, Scalar("PRAGMA application_id;"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Open_HubDatabase_IsRefusedUntouched(bool stamped)
    {
        // A hub's file: its own members table, and hit_notifications, which the node's migrations would try to create.
        using (var connection = Connect())
        {
            connection.Execute((stamped ? $"PRAGMA application_id = {DatabaseProgram.Hub.ApplicationId};" : string.Empty) + """
                CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL) STRICT;
                INSERT INTO schema_version VALUES (1, 0);
                CREATE TABLE members (party TEXT PRIMARY KEY);
                CREATE TABLE hit_notifications (id INTEGER PRIMARY KEY);
                """);
        }

        var error = Assert.Throws<DatabaseFileException>(() => NodeDatabase.Open(DatabasePath, _time));

        Assert.Equal($"{DatabasePath} is the hub's database, not the node's: Node:DatabasePath must name the node's own database file. Nothing was changed.", error.Message);
        Assert.Equal(stamped ? DatabaseProgram.Hub.ApplicationId : 0, Scalar("PRAGMA application_id;"));
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'outbox';"));
    }

    [Fact]
    public void Open_SomeOtherSqliteFileInRollbackJournalMode_IsLeftInThatModeByteForByte()
    {
        // Another tool's file: rollback journal (SQLite's default), which PRAGMA journal_mode = WAL would change for good.
        using (var other = Connect())
        {
            other.Execute("PRAGMA journal_mode = DELETE; CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('kept');");
        }

        var before = File.ReadAllBytes(DatabasePath);

        var error = Assert.Throws<DatabaseFileException>(() => NodeDatabase.Open(DatabasePath, _time));

        Assert.Contains($"{DatabasePath} is not a node database", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(DatabasePath));
        Assert.False(File.Exists(DatabasePath + "-wal"));
        using var connection = Connect();
        Assert.Equal("delete", (string)connection.Scalar("PRAGMA journal_mode;")!);
    }

    [Fact]
    public void Check_EmptyFile_SaysItIsEmptyAndHasNothingToVerify()
    {
        File.WriteAllBytes(DatabasePath, []);
        using var connection = Connect();

        var error = Assert.Throws<DatabaseFileException>(() => DatabaseIdentity.Check(connection, DatabaseProgram.Node));

        Assert.Equal(
            $"{DatabasePath} is empty (no tables): not a node database yet, so it has no audit log to verify: Node:DatabasePath must name the node's own database file. Nothing was changed.",
            error.Message);
    }

    [Fact]
    public void Open_SchemaNewerThanThisNode_NamesTheFileItsVersionAndWhatThisNodeKnows()
    {
        NodeDatabase.Open(DatabasePath, _time);
        using (var connection = Connect())
        {
            connection.Execute("INSERT INTO schema_version VALUES (99, 0);");
        }

        var error = Assert.Throws<DatabaseFileException>(() => NodeDatabase.Open(DatabasePath, _time));

        Assert.StartsWith($"{DatabasePath} is at schema version 99; this node knows versions up to {SchemaMigrations.LatestVersion}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.NewLine, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FileThatIsNotADatabase_NamesTheFileAndTheSetting()
    {
        File.WriteAllText(DatabasePath, "these are not the pages of an SQLite database, just some text long enough to hold a header\n");

        var error = Assert.Throws<DatabaseFileException>(() => NodeDatabase.Open(DatabasePath, _time));

        Assert.StartsWith($"{DatabasePath} is not an SQLite database (SQLite: file is not a database): Node:DatabasePath must name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Directory_SaysItIsADirectory()
    {
        System.IO.Directory.CreateDirectory(DatabasePath);

        var error = Assert.Throws<DatabaseFileException>(() => NodeDatabase.Open(DatabasePath, _time));

        Assert.StartsWith($"{DatabasePath} is a directory: Node:DatabasePath must name the database file itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WhileAnotherConnectionHoldsTheWriteLock_SaysWhatHoldsItAndHowToSee()
    {
        NodeDatabase.Open(DatabasePath, _time).ReleaseIdleConnections();
        using var holder = Connect();
        holder.Execute("BEGIN IMMEDIATE;");

        // The shortest busy timeout: the lock is held until the end of the test, so the open fails once it runs out.
        var error = Assert.Throws<DatabaseFileException>(() => NodeDatabase.Open(DatabasePath, _time, TimeSpan.FromMilliseconds(1)));

        Assert.StartsWith($"{DatabasePath} is locked by another process (SQLite: database is locked", error.Message, StringComparison.Ordinal);
        Assert.Contains("'hst-node serve'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A disk that fills during the migrations (a new file's, at init, are the largest write it makes) is SQLite's
    /// "database or disk is full", which names neither the file nor what to do. The full disk itself is not at hand here:
    /// the quota that stands in for one elsewhere binds only the writer, after the migrations.
    /// </summary>
    [Fact]
    public void Explain_DiskFullAtOpen_NamesTheFileAndWhatToDo()
    {
        var explained = DatabaseOpenErrors.Explain(new SqliteException("database or disk is full", 13), DatabasePath, DatabaseProgram.Node, TimeSpan.FromSeconds(5));

        Assert.Equal(
            $"{DatabasePath} cannot be written: its disk is full (SQLite: database or disk is full); the migrations were rolled back and nothing " +
            "was changed: free space on that disk and run the command again.",
            explained?.Message);
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private long Scalar(string sql)
    {
        using var connection = Connect();
        return (long)connection.Scalar(sql)!;
    }
}
