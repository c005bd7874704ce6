using HstFederation.Node.HubLink;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>The delivery stream's reconnection backoff over the life of a node, whose stream drops now and then (a hub restarted).</summary>
public sealed class HubLinkReconnectBackoffTests : HubLinkTestBase
{
    private static readonly HubLinkOptions Production = new() { RetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task Subscribe_DroppedAfterItRanLongerThanAnyBackoff_ReconnectsAfterTheFirstBackoff_NotAfterTheLongest()
    {
        // The node's clock is fake (the hub's is not): each backoff is waited out by moving it on, one second at a time.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var recorder = new SubscriptionRecorder();
        await using var node = TestNode.Create(Hub, "IT", time, Production, recorder);
        node.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(recorder.Subscriptions.Count == 1), "IT subscribes");

        var waits = new List<TimeSpan>();
        for (var drop = 1; drop <= 10; drop++)
        {
            // Up for longer than the longest backoff, then dropped (as a hub restart drops it).
            time.Advance(Production.MaxRetryDelay * 2);
            node.Connection.Reset(node.Connection.Client);
            waits.Add(await AdvanceUntilAsync(time, () => recorder.Subscriptions.Count == drop + 1, $"IT subscribes again after drop {drop}"));
        }

        // Each drop followed a stream that ran well past any backoff: it is a new outage, waited out from the first backoff.
        var longest = waits.Max();
        Assert.True(longest < TimeSpan.FromSeconds(30),
            $"reconnections waited {string.Join(", ", waits.Select(w => w.TotalSeconds + " s"))} of the node's clock: the backoff kept growing over healthy streams");
    }

    /// <summary>Moves <paramref name="time"/> on a second at a time until <paramref name="condition"/> holds; returns how far.</summary>
    private static async Task<TimeSpan> AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition, string what)
    {
        var moved = TimeSpan.Zero;
        await Eventually.TrueAsync(
            () =>
            {
                if (condition())
                {
                    return Task.FromResult(true);
                }

                time.Advance(TimeSpan.FromSeconds(1));
                moved += TimeSpan.FromSeconds(1);
                return Task.FromResult(false);
            },
            what);
        return moved;
    }
}
