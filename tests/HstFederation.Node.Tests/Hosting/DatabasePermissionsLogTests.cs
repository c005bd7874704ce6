using HstFederation.Node.Hosting;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Testing.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace HstFederation.Node.Tests.Hosting;

/// <summary>
/// `serve` warns at start (event 5012) when the database, which holds messages in clear, is readable or writable by its group
/// or others, as an earlier release's init left it (0644) or a copy made it; it names the file, its mode and the fix, and never
/// changes the mode itself (an operator may have given a backup agent's group access on purpose).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DatabasePermissionsLogTests : IAsyncLifetime
{
    private const int DatabaseNotPrivateEvent = 5012;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private TestHub _hub = null!;
    private string _directory = null!;

    private string DatabasePath => Path.Combine(_directory, "node.db");

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _directory = Directory.CreateTempSubdirectory("hst-node-perms-").FullName;
        await using (NodeStore.Open(DatabasePath, TimeProvider.System))
        {
        }
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Serve_DatabaseOthersMayRead_WarnsWithItsModeAndTheFix_AndLeavesTheModeAlone()
    {
        const UnixFileMode worldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(DatabasePath, worldReadable);
        using var log = new LogSink();

        await BuildAsync(log);

        var warning = Assert.Single(log.Entries, e => e.EventId == DatabaseNotPrivateEvent);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(
            $"The node database {DatabasePath} is readable or writable by users other than its owner (mode 0644), and it holds messages in clear; " +
            $"restrict it with 'chmod 600 {DatabasePath}' (and its -wal and -shm files, if any, while the node is stopped) unless that access is intended",
            warning.Message);
        Assert.Equal(worldReadable, File.GetUnixFileMode(DatabasePath));
    }

    [Fact]
    public async Task Serve_GroupReadableDatabase_Warns_ButAnOwnerOnlyOneDoesNot()
    {
        using var groupReads = new LogSink();
        using var ownerOnly = new LogSink();

        File.SetUnixFileMode(DatabasePath, OwnerOnly | UnixFileMode.GroupRead);
        await BuildAsync(groupReads);
        File.SetUnixFileMode(DatabasePath, OwnerOnly);
        await BuildAsync(ownerOnly);

        Assert.Single(groupReads.Entries, e => e.EventId == DatabaseNotPrivateEvent);
        Assert.DoesNotContain(ownerOnly.Entries, e => e.EventId == DatabaseNotPrivateEvent);
    }

    /// <summary>Builds the node as serve does (the warning is said then, before anything is served) and disposes it.</summary>
    private async Task BuildAsync(LogSink log)
    {
        var app = NodeApplication.Build(FrServeSettings.Create(_hub, _directory, "node database permissions tests"), TimeProvider.System, log, _ => null);
        await app.DisposeAsync();
    }
}
