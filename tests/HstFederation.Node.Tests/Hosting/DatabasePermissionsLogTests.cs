using HstFederation.Node.Hosting;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Testing.Logging;

namespace HstFederation.Node.Tests.Hosting;

/// <summary>
/// `serve` warns at start (event 5012) when the database, which holds messages in clear, is readable or writable by its group
/// or others, as an earlier release's init left it (0644) or a copy made it; it names the file, its mode and the fix, and never
/// changes the mode itself (an operator may have given a backup agent's group access on purpose).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DatabasePermissionsLogTests : IAsyncLifetime
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly StartWarning _notPrivate;
    private TestHub _hub = null!;

    public DatabasePermissionsLogTests() =>
        _notPrivate = new StartWarning(eventId: 5012, "node.db", (directory, log, probe) =>
            NodeApplication.Build(FrServeSettings.Create(_hub, directory, "node database permissions tests"), TimeProvider.System, log, probe));

    private string DatabasePath => _notPrivate.DatabasePath;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        await NodeStore.Open(DatabasePath, TimeProvider.System).DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _notPrivate.Dispose();
    }

    [Fact]
    public async Task Serve_DatabaseOthersMayRead_WarnsWithItsModeAndTheFix_AndLeavesTheModeAlone()
    {
        const UnixFileMode worldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(DatabasePath, worldReadable);

        var warning = await _notPrivate.SaidAsync();

        Assert.Equal(
            $"The node database {DatabasePath} is readable or writable by users other than its owner (mode 0644), and it holds messages in clear; " +
            $"restrict it with 'chmod 600 {DatabasePath}' (and its -wal and -shm files, if any, while the node is stopped) unless that access is intended",
            warning.Message);
        Assert.Equal(worldReadable, File.GetUnixFileMode(DatabasePath));
    }

    [Fact]
    public async Task Serve_GroupReadableDatabase_Warns_ButAnOwnerOnlyOneDoesNot()
    {
        File.SetUnixFileMode(DatabasePath, OwnerOnly | UnixFileMode.GroupRead);
        await _notPrivate.SaidAsync();

        File.SetUnixFileMode(DatabasePath, OwnerOnly);
        await _notPrivate.NotSaidAsync();
    }
}
