using HstFederation.Node.Storage;
using HstFederation.Testing.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// A hub that stays unreachable fails the outbox pass at every poll: the node says so at Warning once (then every 15 minutes,
/// or when the failure changes), not once a pass, and says when the passes succeed again (docs/node.md, "Sending").
/// </summary>
public sealed class OutboxFailureLogTests : HubLinkTestBase
{
    [Fact]
    public async Task FailingPasses_AreWarnedOnce_AgainAfter15Minutes_AndTheirEndIsSaid()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var log = new LogSink(LogLevel.Debug);
        var faults = new SubmitFaults { Mode = SubmitFault.BeforeTheHub };
        // No backoff between a pass's attempts: the fake clock moves only when the test says.
        var options = new Node.HubLink.HubLinkOptions
        {
            RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.FromMilliseconds(1), SubmitAttempts = 1, PollInterval = TimeSpan.FromMilliseconds(200),
        };
        await using var it = TestNode.Create(Hub, "IT", time: time, options: options, interceptor: faults, logger: log.CreateLogger("it"));
        var message = await it.EnqueueAsync("DE");

        for (var pass = 0; pass < 4; pass++)
        {
            Assert.Equal(0, await it.Sender.RunOnceAsync(CancellationToken.None));
        }

        var warned = Assert.Single(log.Entries, e => e.EventId == 4013);
        Assert.Equal(LogLevel.Warning, warned.Level);
        Assert.Contains("Outbox pass failed (Status(StatusCode=\"Unavailable\"", warned.Message, StringComparison.Ordinal);
        Assert.Equal(4, log.Entries.Count(e => e.EventId == 4078 && e.Level == LogLevel.Debug));

        time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(0, await it.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, log.Entries.Count(e => e.EventId == 4013));
        Assert.DoesNotContain(log.Entries, e => e.EventId == 4079);

        faults.Mode = SubmitFault.None;
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(OutboxState.Accepted, (await it.Store.GetOutboxAsync(message.LocalId))!.State);
        var recovered = Assert.Single(log.Entries, e => e.EventId == 4079);
        Assert.Equal(LogLevel.Information, recovered.Level);
        Assert.Equal(2, log.Entries.Count(e => e.EventId == 4013));

        // A new outage is a new first failure: said at once.
        var queued = await it.EnqueueAsync("DE");
        faults.Mode = SubmitFault.BeforeTheHub;
        Assert.Equal(0, await it.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(3, log.Entries.Count(e => e.EventId == 4013));

        // A pass with nothing to send (the message purged meanwhile, as the retention sweep does) has not reached the hub:
        // the outage is not said to be over.
        it.PurgeAsTheSweepWould(queued.LocalId);
        Assert.Equal(0, await it.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Single(log.Entries, e => e.EventId == 4079);
    }
}
