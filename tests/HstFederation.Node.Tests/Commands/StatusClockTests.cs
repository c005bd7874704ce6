using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Hosting;
using HstFederation.Node.Tests.HubLink;

namespace HstFederation.Node.Tests.Commands;

/// <summary>THREATS row 22 as the operator sees it: `hst-node status` on a node whose clock is off.</summary>
public sealed class StatusClockTests : CommandLineTestBase
{
    [Fact]
    public async Task Status_OnANodeTenMinutesAheadThatTheHubRefused_ShowsTheSkewVsTheHubAndTheRefusal_AndExitsOne()
    {
        await using var skewed = TestNode.Create(Hub, "IT", new OffsetTimeProvider(TimeProvider.System, TimeSpan.FromMinutes(10)));
        await skewed.EnqueueAsync("DE");
        Assert.Equal(1, await skewed.Sender.RunOnceAsync(CancellationToken.None));

        var text = await RunAsync(skewed, "status", "--Node:ClockOffset=00:10:00");
        var json = await RunAsync(skewed, "status", "--json", "--Node:ClockOffset=00:10:00");

        Assert.Equal(NodeCommandLine.Failure, text.ExitCode);
        Assert.Contains("Clock        ALARM: this node's clock is +", text.Out, StringComparison.Ordinal);
        Assert.Contains("from the hub's, beyond the 5 min tolerance", text.Out, StringComparison.Ordinal);
        Assert.Contains("the hub refuses what it sends (CreatedInFuture)", text.Out, StringComparison.Ordinal);
        Assert.Contains("Node:ClockOffset 00:10:00 (drill setting)", text.Out, StringComparison.Ordinal);
        Assert.Contains("1 sent messages refused for time", text.Out, StringComparison.Ordinal);
        Assert.Contains("Hub          reachable", text.Out, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, json.ExitCode);
        using var document = JsonDocument.Parse(json.Out);
        var clock = document.RootElement.GetProperty("clock");
        Assert.True(clock.GetProperty("alarm").GetBoolean());
        Assert.InRange(clock.GetProperty("skewVsHubSeconds").GetDouble(), 597, 603);
        Assert.Equal(1, clock.GetProperty("refusedForTime").GetInt64());
        Assert.Equal(1, document.RootElement.GetProperty("store").GetProperty("refusedForTime").GetInt64());
        // Its time as an ISO date beside the epoch milliseconds, as every date of `status --json`.
        var refusedAtMs = document.RootElement.GetProperty("store").GetProperty("lastRefusedForTimeAtMs").GetInt64();
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(refusedAtMs), document.RootElement.GetProperty("store").GetProperty("lastRefusedForTimeAt").GetDateTimeOffset());

        var outbox = await RunAsync(skewed, "outbox", "--json", "--Node:ClockOffset=00:10:00");
        Assert.Contains("\"rejectReason\": \"CreatedInFuture\"", outbox.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_OnANodeWithTheHubsTime_ShowsASmallSkewAndNoClockAlarm()
    {
        var run = await RunAsync(Fr, "status", "--json");

        Assert.True(run.ExitCode == NodeCommandLine.Success, run.ToString());
        using var document = JsonDocument.Parse(run.Out);
        var clock = document.RootElement.GetProperty("clock");
        Assert.False(clock.GetProperty("alarm").GetBoolean());
        Assert.InRange(clock.GetProperty("skewVsHubSeconds").GetDouble(), -3, 3);
    }
}
