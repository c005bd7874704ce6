using HstFederation.Hub.Storage;
using HstFederation.Testing.Storage;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>Installs <see cref="SqliteCommitHook"/> on the store's writer connection, from inside one of its write operations.</summary>
internal static class CommitHook
{
    public static Task InstallAsync(HubStore store, Func<int, bool> onCommit) =>
        store.WriteAsync(context => SqliteCommitHook.Install(context.Connection, onCommit), CancellationToken.None);
}
