using HstFederation.Node.Storage;
using SQLitePCL;

namespace HstFederation.Node.Tests.Storage;

/// <summary>
/// SQLite's commit hook on the node store's writer connection: <c>onCommit</c> runs on the writer thread inside every
/// COMMIT of that connection, before it is durable, with the commit's ordinal from 1 (the installing operation's own).
/// Returning true turns that COMMIT into a rollback. The hook ends with the connection (closed after a failed batch).
/// </summary>
internal static class CommitHook
{
    public static Task InstallAsync(NodeStore store, Func<int, bool> onCommit)
    {
        var ordinal = 0;
        return store.WriteAsync(
            context =>
            {
                raw.sqlite3_commit_hook(context.Connection.Handle, _ => onCommit(Interlocked.Increment(ref ordinal)) ? 1 : 0, null);
                return true;
            },
            CancellationToken.None);
    }
}
