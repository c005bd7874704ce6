using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Lifecycle;

namespace HstFederation.Hub.Tests.Retention;

/// <summary>The hosted retention schedule on the hub's fake clock: it sleeps until a review is due and then asks.</summary>
public sealed class RetentionScheduleTests : IAsyncLifetime
{
    private RetentionHub _hub = null!;

    public async Task InitializeAsync() => _hub = await RetentionHub.StartAsync(schedule: true);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Schedule_WhenTheClockReachesTheReviewTime_AsksTheSource()
    {
        var date = _hub.Time.GetUtcNow() + LifecycleRules.ReviewLeadTime + TimeSpan.FromHours(2);
        await _hub.SubmitAsync("FR", ["IT"], date);

        _hub.Time.Advance(TimeSpan.FromHours(2));

        // The loop sleeps on the fake clock; nudging it lets a turn that began just before the advance see it too.
        await Wait.UntilAsync(() =>
        {
            _hub.Time.Advance(TimeSpan.FromSeconds(1));
            return _hub.Count("SELECT count(*) FROM retention_reviews") == 1;
        });
        Assert.Single(await Inbox.ReceiveAsync(_hub.Hub, "FR", 1));
    }
}
