using HstFederation.Node.Hosting;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Testing.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace HstFederation.Node.Tests.Hosting;

/// <summary>
/// `serve` says at start when the database's volume is nearly full (event 5011), rather than leaving the first write refused
/// as storage full to say it. A full volume is not at hand: the probe reports one; the real probe is read once too.
/// </summary>
public sealed class LowDiskSpaceLogTests : IAsyncLifetime
{
    private const int LowDiskSpaceEvent = 5011;
    private const long MiB = 1L << 20;

    private TestHub _hub = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _directory = Directory.CreateTempSubdirectory("hst-node-lowdisk-").FullName;
        await using (NodeStore.Open(Path.Combine(_directory, "node.db"), TimeProvider.System))
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
    public async Task Serve_VolumeWithLessThanAGibibyteFree_WarnsAtStartWithWhatIsFree()
    {
        string? probed = null;
        using var log = new LogSink();

        await BuildAsync(log, directory =>
        {
            probed = directory;
            return new VolumeReading(300 * MiB, 100_000 * MiB);
        });

        Assert.Equal(_directory, probed);
        var warning = Assert.Single(log.Entries, e => e.EventId == LowDiskSpaceEvent);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(
            $"Low disk space for the node database {Path.Combine(_directory, "node.db")}: 300 MiB free of 100000 MiB on its volume (warned below 1024 MiB " +
            "or 5 %); free space before writes are refused as storage full",
            warning.Message);
    }

    [Fact]
    public async Task Serve_LargeVolumeUnderFivePercentFree_Warns_ButNotWithRoomOrWhenTheVolumeDoesNotSay()
    {
        using var nearlyFull = new LogSink();
        using var roomy = new LogSink();
        using var unknown = new LogSink();

        await BuildAsync(nearlyFull, _ => new VolumeReading(4_000 * MiB, 100_000 * MiB));
        await BuildAsync(roomy, _ => new VolumeReading(5_000 * MiB, 100_000 * MiB));
        await BuildAsync(unknown, _ => null);

        Assert.Single(nearlyFull.Entries, e => e.EventId == LowDiskSpaceEvent);
        Assert.DoesNotContain(roomy.Entries, e => e.EventId == LowDiskSpaceEvent);
        Assert.DoesNotContain(unknown.Entries, e => e.EventId == LowDiskSpaceEvent);
    }

    [Fact]
    public void RealProbe_OnTheDatabaseDirectory_ReadsAPlausibleVolume()
    {
        var reading = VolumeSpace.Read(_directory);

        Assert.NotNull(reading);
        Assert.InRange(reading.Value.Available, 1, reading.Value.Total);
        // The few hundred KiB of the test database are on it.
        Assert.True(reading.Value.Total > new FileInfo(Path.Combine(_directory, "node.db")).Length, reading.ToString());
    }

    /// <summary>Builds the node as serve does (the warning is said then, before anything is served) and disposes it.</summary>
    private async Task BuildAsync(LogSink log, Func<string, VolumeReading?> probe)
    {
        var app = NodeApplication.Build(FrServeSettings.Create(_hub, _directory, "node low disk space tests"), TimeProvider.System, log, probe);
        await app.DisposeAsync();
    }
}
