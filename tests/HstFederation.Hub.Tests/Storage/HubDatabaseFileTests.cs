using HstFederation.Hub.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// The file the hub opens is the hub's: stamped with the hub's application_id, told apart from a node's before anything is
/// migrated, and every file it cannot use (a newer schema, not a database, locked, a directory) is one line naming the file.
/// </summary>
public sealed class HubDatabaseFileTests : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("hst-hub-file-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private string DatabasePath => Path.Combine(_directory, "hub.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Open_NewFile_IsStampedWithTheHubsApplicationId()
    {
        HubDatabase.Open(DatabasePath, _time);

        Assert.Equal(DatabaseProgram.Hub.ApplicationId, ApplicationId(DatabasePath));
    }

    [Fact]
    public void Open_HubFileFromBeforeTheStamp_OpensAndIsStamped()
    {
        using var file = OldSchemaFile.Create(11, string.Empty);
        Assert.Equal(0, ApplicationId(file.Path));

        var database = HubDatabase.Open(file.Path, _time);

        Assert.Equal(SchemaMigrations.LatestVersion, database.SchemaVersion);
        Assert.Equal(DatabaseProgram.Hub.ApplicationId, ApplicationId(file.Path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Open_NodeDatabase_IsRefusedUntouched(bool stamped)
    {
        // A node's file: its own outbox table, and hit_notifications, which the hub's migration 2 would try to create.
        Execute(DatabasePath,
            (stamped ? $"PRAGMA application_id = {DatabaseProgram.Node.ApplicationId};" : string.Empty) + """
            CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL) STRICT;
            INSERT INTO schema_version VALUES (1, 0);
            CREATE TABLE outbox (local_id INTEGER PRIMARY KEY);
            CREATE TABLE hit_notifications (id INTEGER PRIMARY KEY);
            """);

        var error = Assert.Throws<DatabaseFileException>(() => HubDatabase.Open(DatabasePath, _time));

        Assert.Equal($"{DatabasePath} is the node's database, not the hub's: Hub:DatabasePath must name the hub's own database file. Nothing was changed.", error.Message);
        Assert.Equal(stamped ? DatabaseProgram.Node.ApplicationId : 0, ApplicationId(DatabasePath));
        Assert.Equal(0L, Scalar(DatabasePath, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'members';"));
        Assert.Equal(1L, Scalar(DatabasePath, "SELECT MAX(version) FROM schema_version;"));
    }

    [Fact]
    public void Open_SomeOtherSqliteFile_IsRefusedUntouched()
    {
        Execute(DatabasePath, "CREATE TABLE notes (text TEXT);");

        var error = Assert.Throws<DatabaseFileException>(() => HubDatabase.Open(DatabasePath, _time));

        Assert.Contains($"{DatabasePath} is not a hub database", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, Scalar(DatabasePath, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'schema_version';"));
    }

    [Fact]
    public void Open_SomeOtherSqliteFileInRollbackJournalMode_IsLeftInThatModeByteForByte()
    {
        // Another tool's file: rollback journal (SQLite's default), which PRAGMA journal_mode = WAL would change for good.
        Execute(DatabasePath, "PRAGMA journal_mode = DELETE; CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('kept');");
        var before = File.ReadAllBytes(DatabasePath);

        var error = Assert.Throws<DatabaseFileException>(() => HubDatabase.Open(DatabasePath, _time));

        Assert.Contains("Nothing was changed.", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(DatabasePath));
        Assert.False(File.Exists(DatabasePath + "-wal"));
        Assert.Equal("delete", ScalarText(DatabasePath, "PRAGMA journal_mode;"));
    }

    [Fact]
    public void Open_SchemaNewerThanThisHub_NamesTheFileItsVersionAndWhatThisHubKnows()
    {
        HubDatabase.Open(DatabasePath, _time);
        Execute(DatabasePath, "INSERT INTO schema_version VALUES (99, 0);");
        SqliteConnection.ClearAllPools();

        var error = Assert.Throws<DatabaseFileException>(() => HubDatabase.Open(DatabasePath, _time));

        Assert.StartsWith($"{DatabasePath} is at schema version 99; this hub knows versions up to {SchemaMigrations.LatestVersion}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.NewLine, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FileThatIsNotADatabase_NamesTheFileAndTheSetting()
    {
        File.WriteAllText(DatabasePath, "these are not the pages of an SQLite database, just some text long enough to hold a header\n");

        var error = Assert.Throws<DatabaseFileException>(() => HubDatabase.Open(DatabasePath, _time));

        Assert.StartsWith($"{DatabasePath} is not an SQLite database (SQLite: file is not a database): Hub:DatabasePath must name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Directory_SaysItIsADirectory()
    {
        System.IO.Directory.CreateDirectory(DatabasePath);

        var error = Assert.Throws<DatabaseFileException>(() => HubDatabase.Open(DatabasePath, _time));

        Assert.StartsWith($"{DatabasePath} is a directory: Hub:DatabasePath must name the database file itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WhileAnotherConnectionHoldsTheWriteLock_SaysWhatHoldsItAndHowToSee()
    {
        HubDatabase.Open(DatabasePath, _time);
        SqliteConnection.ClearAllPools();
        using var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        holder.Open();
        holder.Execute("BEGIN IMMEDIATE;");

        // The shortest busy timeout: the lock is held until the end of the test, so the open fails once it runs out.
        var error = Assert.Throws<DatabaseFileException>(() => HubDatabase.Open(DatabasePath, _time, TimeSpan.FromMilliseconds(1)));

        Assert.StartsWith($"{DatabasePath} is locked by another process (SQLite: database is locked", error.Message, StringComparison.Ordinal);
        Assert.Contains("'hst-hub serve'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"fuser -v {DatabasePath}", error.Message, StringComparison.Ordinal);
    }

    private static long ApplicationId(string path) => Scalar(path, "PRAGMA application_id;");

    private static long Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return (long)connection.Scalar(sql)!;
    }

    private static string ScalarText(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return (string)connection.Scalar(sql)!;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute(sql);
    }
}
