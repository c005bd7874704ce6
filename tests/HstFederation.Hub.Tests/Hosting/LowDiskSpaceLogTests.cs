using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Testing.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>
/// `serve` says at start when the database's volume is nearly full (event 4), rather than leaving the first write refused as
/// storage full to say it. A full volume is not at hand: the probe reports one; the real probe is read once too.
/// </summary>
public sealed class LowDiskSpaceLogTests : IAsyncLifetime
{
    private const int LowDiskSpaceEvent = 4;
    private const long MiB = 1L << 20;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("hst-hub-lowdisk-").FullName;

    private string DatabasePath => Path.Combine(_directory, "hub.db");

    public async Task InitializeAsync()
    {
        DevelopmentFederation.Create(DevelopmentPki.Create("hub low disk space"u8, _time.GetUtcNow()), ["FR"], TimeSpan.FromDays(7)).WriteTo(_directory);
        await using (HubStore.Open(DatabasePath, _time))
        {
        }
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
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
            $"Low disk space for the hub database {DatabasePath}: 300 MiB free of 100000 MiB on its volume (warned below 1024 MiB or 5 %); " +
            "free space before writes are refused as storage full",
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
        // The test database is on it.
        Assert.True(reading.Value.Total > new FileInfo(DatabasePath).Length, reading.ToString());
    }

    /// <summary>Builds the hub as serve does (the warning is said then, before anything is served) and disposes it.</summary>
    private async Task BuildAsync(LogSink log, Func<string, VolumeReading?> probe)
    {
        var app = HubApplication.Build(HubArguments.For(_directory, ["--Hub:AdminPort=0"], []), _time, log, probe);
        await app.DisposeAsync();
    }
}
