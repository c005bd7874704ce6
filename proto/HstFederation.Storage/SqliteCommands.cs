using Microsoft.Data.Sqlite;

namespace HstFederation.Storage;

/// <summary>Parameterised commands only: every value goes through a named parameter, never into SQL text.</summary>
public static class SqliteCommands
{
    public static SqliteCommand Command(
        this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static int Execute(
        this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(
        this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Rolls back whatever transaction is open; silent when SQLite already rolled it back.</summary>
    public static void TryRollback(this SqliteConnection connection)
    {
        try
        {
            connection.Execute("ROLLBACK;");
        }
        catch (SqliteException)
        {
            // "cannot rollback - no transaction is active": SQLite rolled back on its own (e.g. SQLITE_FULL).
        }
    }
}
