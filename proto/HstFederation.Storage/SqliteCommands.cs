using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace HstFederation.Storage;

/// <summary>Parameterised commands only: every value goes through a named parameter, never into SQL text.</summary>
public static class SqliteCommands
{
    private static readonly ConditionalWeakTable<SqliteConnection, StatementCache> Caches = [];

    /// <summary>
    /// From now on, <see cref="Execute"/> and <see cref="Scalar"/> on <paramref name="connection"/> keep one prepared
    /// command per SQL text and reuse it (rebinding its parameters) instead of compiling the SQL again on every call.
    /// Only for a connection used by one thread at a time (a writer loop). Dispose the returned cache before
    /// (or with) the connection.
    /// </summary>
    public static IDisposable CacheStatements(this SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var cache = new StatementCache(connection);
        Caches.AddOrUpdate(connection, cache);
        return cache;
    }

    public static SqliteCommand Command(
        this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        return command;
    }

    public static int Execute(
        this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (Caches.TryGetValue(connection, out var cache))
        {
            return cache.Get(sql, parameters).ExecuteNonQuery();
        }

        using var command = connection.Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(
        this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        object? value;
        if (Caches.TryGetValue(connection, out var cache))
        {
            value = cache.Get(sql, parameters).ExecuteScalar();
        }
        else
        {
            using var command = connection.Command(sql, parameters);
            value = command.ExecuteScalar();
        }

        return value is DBNull ? null : value;
    }

    /// <summary>
    /// Runs a query and hands its open reader to <paramref name="read"/>. On a connection with
    /// <see cref="CacheStatements"/> the prepared command is reused as by <see cref="Execute"/> and <see cref="Scalar"/>,
    /// so <paramref name="read"/> must not run the same SQL again while it reads.
    /// </summary>
    public static T Query<T>(
        this SqliteConnection connection, string sql, Func<SqliteDataReader, T> read, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (Caches.TryGetValue(connection, out var cache))
        {
            using var cachedReader = cache.Get(sql, parameters).ExecuteReader();
            return read(cachedReader);
        }

        using var command = connection.Command(sql, parameters);
        using var reader = command.ExecuteReader();
        return read(reader);
    }

    /// <summary>
    /// Runs <paramref name="read"/> inside one read transaction, so that all its queries see the same snapshot of the
    /// database, and ends it (COMMIT: a read has nothing to roll back) however <paramref name="read"/> ends.
    /// </summary>
    public static T InReadTransaction<T>(this SqliteConnection connection, Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        connection.Execute("BEGIN;");
        try
        {
            return read();
        }
        finally
        {
            connection.Execute("COMMIT;");
        }
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

    private static void Bind(SqliteCommand command, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    /// <summary>Prepared commands of one connection, by SQL text.</summary>
    private sealed class StatementCache(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public SqliteCommand Get(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                _commands.Add(sql, command);
            }

            if (SameNames(command.Parameters, parameters))
            {
                // The usual case, the same statement again: new values into the parameters it has (as a prepared
                // statement is used by hand), not a new parameter object per value on every call.
                for (var i = 0; i < parameters.Length; i++)
                {
                    command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
                }
            }
            else
            {
                command.Parameters.Clear();
                Bind(command, parameters);
            }

            return command;
        }

        private static bool SameNames(SqliteParameterCollection bound, ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            if (bound.Count != parameters.Length)
            {
                return false;
            }

            for (var i = 0; i < parameters.Length; i++)
            {
                if (!string.Equals(bound[i].ParameterName, parameters[i].Name, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        public void Dispose()
        {
            Caches.Remove(connection);
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            _commands.Clear();
        }
    }
}
