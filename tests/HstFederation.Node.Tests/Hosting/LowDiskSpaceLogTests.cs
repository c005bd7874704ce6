using HstFederation.Node.Hosting;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Testing.Logging;

namespace HstFederation.Node.Tests.Hosting;

/// <summary>
/// `serve` says at start when the database's volume is nearly full (event 5011), rather than leaving the first write refused
/// as storage full to say it. A full volume is not at hand: the probe reports one; the real probe is read once too.
/// </summary>
public sealed class LowDiskSpaceLogTests : IAsyncLifetime
{
    private const long MiB = 1L << 20;

    private readonly StartWarning _lowDisk;
    private TestHub _hub = null!;

    public LowDiskSpaceLogTests() =>
        _lowDisk = new StartWarning(eventId: 5011, "node.db", (directory, log, probe) =>
            NodeApplication.Build(FrServeSettings.Create(_hub, directory, "node low disk space tests"), TimeProvider.System, log, probe));

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        await NodeStore.Open(_lowDisk.DatabasePath, TimeProvider.System).DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _lowDisk.Dispose();
    }

    [Fact]
    public async Task Serve_VolumeWithLessThanAGibibyteFree_WarnsAtStartWithWhatIsFree()
    {
        string? probed = null;

        var warning = await _lowDisk.SaidAsync(directory =>
        {
            probed = directory;
            return new VolumeReading(300 * MiB, 100_000 * MiB);
        });

        Assert.Equal(_lowDisk.Directory, probed);
        Assert.Equal(
            $"Low disk space for the node database {_lowDisk.DatabasePath}: 300 MiB free of 100000 MiB on its volume (warned below 1024 MiB " +
            "or 5 %); free space before writes are refused as storage full",
            warning.Message);
    }

    [Fact]
    public async Task Serve_LargeVolumeUnderFivePercentFree_Warns_ButNotWithRoomOrWhenTheVolumeDoesNotSay()
    {
        await _lowDisk.SaidAsync(_ => new VolumeReading(4_000 * MiB, 100_000 * MiB));
        await _lowDisk.NotSaidAsync(_ => new VolumeReading(5_000 * MiB, 100_000 * MiB));
        await _lowDisk.NotSaidAsync(_ => null);
    }

    [Fact]
    public void RealProbe_OnTheDatabaseDirectory_ReadsAPlausibleVolume()
    {
        var reading = VolumeSpace.Read(_lowDisk.Directory);

        Assert.NotNull(reading);
        Assert.InRange(reading.Value.Available, 1, reading.Value.Total);
        // The few hundred KiB of the test database are on it.
        Assert.True(reading.Value.Total > new FileInfo(_lowDisk.DatabasePath).Length, reading.ToString());
    }
}
