using HstFederation.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// A hub database file as an older hub left it, for migration tests: migrations 1 to <c>version</c> applied and
/// recorded, then the test's own rows. Disposing deletes its directory.
/// </summary>
internal sealed class OldSchemaFile : IDisposable
{
    private readonly string _directory;

    private OldSchemaFile(string directory)
    {
        _directory = directory;
        Path = System.IO.Path.Combine(directory, "hub.db");
    }

    public string Path { get; }

    public static OldSchemaFile Create(int version, string rows)
    {
        var file = new OldSchemaFile(System.IO.Directory.CreateTempSubdirectory($"hst-hub-v{version}-").FullName);
        using var connection = new SqliteConnection($"Data Source={file.Path}");
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;");
        connection.Execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL) STRICT;");
        string[] scripts = [Migration0001.Sql, Migration0002.Sql, Migration0003.Sql, Migration0004.Sql, Migration0005.Sql, Migration0006.Sql, Migration0007.Sql, Migration0008.Sql, Migration0009.Sql, Migration0010.Sql, Migration0011.Sql, Migration0012.Sql, Migration0013.Sql];
        foreach (var (script, number) in scripts.Take(version).Select((s, i) => (s, i + 1)))
        {
            connection.Execute(script);
            connection.Execute("INSERT INTO schema_version (version, applied_at_ms) VALUES ($v, 0);", ("$v", number));
        }

        connection.Execute(rows);
        return file;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
