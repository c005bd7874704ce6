using Microsoft.Data.Sqlite;

namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>
/// A party's SQLite file opened read-only, without a pool: reading it changes nothing (no checkpoint, no journal),
/// whether the party runs (progress probes) or has stopped (the checker).
/// </summary>
internal static class ReadOnlyDatabase
{
    public static SqliteConnection Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("no database at " + path, path);
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 10 };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static long Count(this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        (long)connection.Scalar(sql, parameters)!;
}
