using HstFederation.Node.Hosting;
using HstFederation.Node.Storage;
using HstFederation.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// THREATS row 22 over the real link: one node's clock is off (<see cref="OffsetTimeProvider"/>, what
/// Node:ClockOffset installs). Beyond tolerance the refusal is explicit (the outbox row names the hub's reason) and
/// raises a Critical alarm; the node also measures its skew against the hub at every directory refresh.
/// </summary>
public sealed class HubLinkClockSkewTests : HubLinkTestBase
{
    private const int ClockSkewedEvent = 4030;
    private const int RefusedForTimeEvent = 4031;

    [Fact]
    public async Task Send_FromANodeTenMinutesAhead_IsRejectedAsCreatedInFuture_NothingStoredAtTheHub_AndBothClockAlarmsAreCritical()
    {
        using var logs = new LogSink();
        await using var it = TestNode.Create(Hub, "IT", Shifted(TimeSpan.FromMinutes(10)), logger: logs.CreateLogger("IT"));

        await it.Directory.RefreshAsync(CancellationToken.None);
        var skew = Assert.IsType<TimeSpan>(it.Directory.HubClockSkew);
        Assert.InRange(skew, TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(3));
        Assert.Contains(logs.Entries, e => e is { Level: LogLevel.Critical, EventId: ClockSkewedEvent } && e.Message.Contains("clock is +", StringComparison.Ordinal));

        var queued = await it.EnqueueAsync("DE");
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));

        var refused = (await it.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Rejected, refused.State);
        Assert.Equal("CreatedInFuture", refused.RejectReason);
        Assert.Contains("hub correlation id", refused.RejectDetail, StringComparison.Ordinal);
        Assert.Equal(0, Hub.MessagesFrom(it.Party));
        Assert.Contains(logs.Entries, e => e is { Level: LogLevel.Critical, EventId: RefusedForTimeEvent } && e.Message.Contains("CreatedInFuture", StringComparison.Ordinal));
        var status = await it.Store.StatusAsync();
        Assert.Equal(1, status.RefusedForTime);
        Assert.Equal(refused.StateAtMs, status.LastRefusedForTimeAtMs);
    }

    [Fact]
    public async Task Send_FromANodeBehindByMoreThanTheHubsSubmitWindow_IsRejectedAsCreatedTooLongAgo_NotResealedInALoop_WithACriticalAlarm()
    {
        await using var hub = await TestHub.StartAsync(null, "--Hub:SubmitWindow=00:01:00");
        using var logs = new LogSink();
        await using var it = TestNode.Create(hub, "IT", Shifted(TimeSpan.FromMinutes(-3)), logger: logs.CreateLogger("IT"));
        var queued = await it.EnqueueAsync("DE");

        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));

        // Sealed in this very pass, so the age is the clock's doing, not an outage's: no reseal (that is for envelopes
        // kept through an outage), the refusal is final and says why.
        var refused = (await it.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Rejected, refused.State);
        Assert.Equal("CreatedTooLongAgo", refused.RejectReason);
        Assert.Equal(0, it.Count("SELECT COUNT(*) FROM audit WHERE action = 'reseal';"));
        Assert.Equal(0, hub.MessagesFrom(it.Party));
        Assert.Contains(logs.Entries, e => e is { Level: LogLevel.Critical, EventId: RefusedForTimeEvent } && e.Message.Contains("CreatedTooLongAgo", StringComparison.Ordinal));

        // Three minutes is within the five the federation tolerates: the directory refresh raised no skew alarm.
        Assert.InRange(it.Directory.HubClockSkew!.Value, TimeSpan.FromMinutes(-3) - TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(-3) + TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(logs.Entries, e => e.EventId == ClockSkewedEvent);
    }

    [Fact]
    public async Task Receive_OnANodeTenMinutesBehind_QuarantinesFreshMessagesAsCreatedInFuture_NeverStoresThemSilently()
    {
        using var logs = new LogSink();
        await using var it = TestNode.Create(Hub, "IT", Shifted(TimeSpan.FromMinutes(-10)), logger: logs.CreateLogger("IT"));
        await Fr.EnqueueAsync("IT");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        it.StartSubscriber();
        await Eventually.TrueAsync(async () => (await it.Store.QuarantinedAsync()).Count == 1, "IT quarantines FR's message");
        await it.StopSubscriberAsync();

        Assert.Equal("CreatedInFuture", (await it.Store.QuarantinedAsync())[0].Reason);
        Assert.Empty(it.Inbox());
        Assert.Contains(logs.Entries, e => e is { Level: LogLevel.Critical, EventId: ClockSkewedEvent } && e.Message.Contains("clock is -", StringComparison.Ordinal));
    }

    private static OffsetTimeProvider Shifted(TimeSpan offset) => new(TimeProvider.System, offset);
}
