using HstFederation.Node.Hosting;
using HstFederation.Node.Tests.Agency;
using HstFederation.Node.Tests.HubLink;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HstFederation.Node.Tests.Hosting;

/// <summary>Node:ClockOffset, the drill setting that runs one node on a skewed clock, as `serve` builds the node.</summary>
public sealed class ClockOffsetTests
{
    [Fact]
    public async Task Serve_WithAClockOffset_RunsOnTheShiftedClock_WarnsNamingIt_AndTheHubLinkRaisesTheSkewAlarm()
    {
        await using var hub = await TestHub.StartAsync();
        await using var node = await AgencyNode.StartAsync(hub, "--Node:ClockOffset=00:10:00");

        var clock = node.Services.GetRequiredService<TimeProvider>();
        var shift = clock.GetUtcNow() - TimeProvider.System.GetUtcNow();
        Assert.InRange(shift, TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        Assert.Contains(node.Log.Entries, e => e is { Level: LogLevel.Warning, EventId: 5007 } && e.Message.Contains("00:10:00", StringComparison.Ordinal));
        await Eventually.TrueAsync(
            () => Task.FromResult(node.Log.Entries.Any(e => e is { Level: LogLevel.Critical, EventId: 4030 } && e.Message.Contains("clock is +", StringComparison.Ordinal))),
            "the hub link's first directory refresh measures the skew against the hub");
    }

    [Theory]
    [InlineData("-00:10:00", -600)]
    [InlineData("00:00:00", 0)]
    public void Read_ClockOffset_AcceptsNegativeAndZero(string value, int seconds)
    {
        var options = NodeSettings.Read(Configuration(value), [nameof(NodeOptions.ClockOffset)]);

        Assert.Equal(TimeSpan.FromSeconds(seconds), options.ClockOffset);
    }

    [Theory]
    [InlineData("31.00:00:00")]
    [InlineData("-31.00:00:00")]
    public void Read_ClockOffsetBeyondThirtyDays_NamesTheSetting(string value)
    {
        var error = Assert.Throws<NodeConfigurationException>(() => NodeSettings.Read(Configuration(value), [nameof(NodeOptions.ClockOffset)]));

        Assert.Contains("Node:ClockOffset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OffsetTimeProvider_ShiftsOnlyTheWallClock_NotTimestamps()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
        var shifted = OffsetTimeProvider.Apply(time, TimeSpan.FromMinutes(-10));
        var start = shifted.GetTimestamp();

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 9, 50, 5, TimeSpan.Zero), shifted.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(5), shifted.GetElapsedTime(start));
        Assert.Same(time, OffsetTimeProvider.Apply(time, TimeSpan.Zero));
    }

    private static IConfiguration Configuration(string offset) =>
        new ConfigurationBuilder().AddInMemoryCollection([new("Node:ClockOffset", offset)]).Build();
}
