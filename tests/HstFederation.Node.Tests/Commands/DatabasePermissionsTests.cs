using System.Text;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// A node's database holds messages in clear: `init` creates it for its owner alone (0600), whatever the umask (0022 here,
/// which gave 0644 before), with the -wal and -shm SQLite makes beside it. An exported network report, made of other
/// countries' messages, is created owner-only too.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DatabasePermissionsTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _directory = Directory.CreateTempSubdirectory("hst-node-perms-").FullName;

    private string DatabasePath => Path.Combine(_directory, "node.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Init_NewDatabase_IsOwnerOnly_AndSoAreTheWalAndShmSqliteCreatesBesideIt()
    {
        var init = await CommandRun.RunAsync("init", $"--Node:DatabasePath={DatabasePath}");

        Assert.True(init.ExitCode == NodeCommandLine.Success, init.ToString());
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(DatabasePath));
        await using (var store = NodeStore.Open(DatabasePath, TimeProvider.System))
        {
            await store.AuditAsync("test", "note", null, "a write, so the -wal holds a frame");
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(DatabasePath + "-wal"));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(DatabasePath + "-shm"));
        }
    }

    [Fact]
    public async Task PrivateFile_New_IsOwnerOnly_ButAnExistingFileKeepsTheModeItsOwnerGaveIt()
    {
        var report = Path.Combine(_directory, "network.graphml");
        var shared = Path.Combine(_directory, "shared.graphml");
        await File.WriteAllTextAsync(shared, "an older report");
        const UnixFileMode groupReads = OwnerOnly | UnixFileMode.GroupRead;
        File.SetUnixFileMode(shared, groupReads);

        await PrivateFile.WriteAllTextAsync(report, "<graphml/>", new UTF8Encoding(false), CancellationToken.None);
        await PrivateFile.WriteAllTextAsync(shared, "<graphml/>", new UTF8Encoding(false), CancellationToken.None);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(report));
        Assert.Equal("<graphml/>", await File.ReadAllTextAsync(report));
        Assert.Equal(groupReads, File.GetUnixFileMode(shared));
        Assert.Equal("<graphml/>", await File.ReadAllTextAsync(shared));
    }
}
