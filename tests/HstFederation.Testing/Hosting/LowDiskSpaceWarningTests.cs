using HstFederation.Storage;
using Xunit;

namespace HstFederation.Testing.Hosting;

/// <summary>
/// `serve` says at start when the database's volume is nearly full (hub event 4, node event 5011), rather than leaving the
/// first write refused as storage full to say it. A full volume is not at hand: the probe reports one; the real probe is
/// read once too. The hub's and the node's test classes give the program, the event and the text.
/// </summary>
public abstract class LowDiskSpaceWarningTests(int eventId, Func<IServeProgram> program) : IAsyncLifetime
{
    private const long MiB = 1L << 20;

    private readonly StartWarning _lowDisk = new(eventId, program);

    public Task InitializeAsync() => _lowDisk.InitializeAsync();

    public Task DisposeAsync() => _lowDisk.DisposeAsync();

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
        Assert.Equal(WarningAt300Of100000MiB(_lowDisk.DatabasePath), warning.Message);
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

    /// <summary>The warning for 300 MiB free of 100000 MiB on <paramref name="databasePath"/>'s volume.</summary>
    protected abstract string WarningAt300Of100000MiB(string databasePath);
}
