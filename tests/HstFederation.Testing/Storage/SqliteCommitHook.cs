using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HstFederation.Testing.Storage;

/// <summary>
/// SQLite's commit hook on one connection (a store's writer, installed from inside one of its write operations):
/// <c>onCommit</c> runs on the thread that commits, inside every COMMIT of that connection, after the transaction's work
/// and before it is durable, with the commit's ordinal from 1 (the installing operation's own). Returning true turns that
/// COMMIT into a rollback. The hook ends with the connection (a store's writer closes it after a failed batch).
/// </summary>
public static class SqliteCommitHook
{
    public static bool Install(SqliteConnection connection, Func<int, bool> onCommit)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var ordinal = 0;
        raw.sqlite3_commit_hook(connection.Handle, _ => onCommit(Interlocked.Increment(ref ordinal)) ? 1 : 0, null);
        return true;
    }
}
