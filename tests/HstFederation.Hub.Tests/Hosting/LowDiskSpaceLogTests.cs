using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Testing.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>
/// `serve` says at start when the database's volume is nearly full (event 4), rather than leaving the first write refused as
/// storage full to say it. A full volume is not at hand: the probe reports one; the real probe is read once too.
/// </summary>
public sealed class LowDiskSpaceLogTests : IAsyncLifetime
{
    private const long MiB = 1L << 20;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly StartWarning _lowDisk;

    public LowDiskSpaceLogTests() =>
        _lowDisk = new StartWarning(eventId: 4, "hub.db", (directory, log, probe) => HubApplication.Build(HubArguments.For(directory, ["--Hub:AdminPort=0"], []), _time, log, probe));

    public async Task InitializeAsync()
    {
        DevelopmentFederation.Create(DevelopmentPki.Create("hub low disk space"u8, _time.GetUtcNow()), ["FR"], TimeSpan.FromDays(7)).WriteTo(_lowDisk.Directory);
        await HubStore.Open(_lowDisk.DatabasePath, _time).DisposeAsync();
    }

    public Task DisposeAsync()
    {
        _lowDisk.Dispose();
        return Task.CompletedTask;
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
            $"Low disk space for the hub database {_lowDisk.DatabasePath}: 300 MiB free of 100000 MiB on its volume (warned below 1024 MiB or 5 %); " +
            "free space before writes are refused as storage full",
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
        // The test database is on it.
        Assert.True(reading.Value.Total > new FileInfo(_lowDisk.DatabasePath).Length, reading.ToString());
    }
}
