using HstFederation.Hub.Audit;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Retention;

/// <summary>
/// Retention reviews (docs/lifecycle.md §5) over a real hub (mutual TLS, real SQLite) on a fake clock: asked at exactly
/// the lead time before the date, once per date across restarts, received and verified by the source's subscriber.
/// </summary>
public sealed class RetentionReviewTests : IAsyncLifetime
{
    private static readonly TimeSpan Lead = LifecycleRules.ReviewLeadTime;
    private RetentionHub _hub = null!;

    public async Task InitializeAsync() => _hub = await RetentionHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private long Reviews => _hub.Count("SELECT count(*) FROM retention_reviews");

    [Fact]
    public async Task RunOnce_AtExactlyTheLeadTimeBeforeTheDate_AsksTheSourceOnce_NotATickEarlier_AndNotAgainAfterARestart()
    {
        var date = _hub.Time.GetUtcNow() + Lead + TimeSpan.FromHours(1);
        var sent = await _hub.SubmitAsync("FR", ["IT", "ES"], date);

        _hub.SetTime(date - Lead - TimeSpan.FromTicks(1));
        var wait = await _hub.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0L, Reviews);
        Assert.Equal(TimeSpan.FromTicks(1), wait); // it sleeps exactly until the review is due

        _hub.Time.Advance(TimeSpan.FromTicks(1));
        await _hub.Worker.RunOnceAsync(CancellationToken.None);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1L, Reviews);
        var delivery = Assert.Single(await Inbox.ReceiveAsync(_hub.Hub, "FR", 1));
        var review = _hub.Open(delivery, "FR", RetentionReview.Parser);
        Assert.Equal(sent.MessageId, review.MessageId.ToByteArray());
        Assert.Equal(sent.HeaderSha256, review.HeaderSha256.ToByteArray());
        Assert.Equal(date.ToUnixTimeMilliseconds(), review.RetainUntilMs);
        Assert.Equal(_hub.Time.GetUtcNow().ToUnixTimeMilliseconds(), review.RequestedAtMs);
        Assert.Equal(2u, review.Holders);
        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.RetentionReview}'"));
        Assert.Equal(
            _hub.Count("SELECT hub_sequence FROM messages WHERE sender = 'urn:hst:hub:IPSG'"),
            _hub.Count($"SELECT review_hub_sequence FROM retention_reviews WHERE hub_sequence = {sent.HubSequence} AND decision IS NULL"));

        await _hub.RestartAsync();
        _hub.Time.Advance(TimeSpan.FromMinutes(1));
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1L, Reviews);
        Assert.Equal(1L, _hub.Count("SELECT count(*) FROM messages WHERE sender = 'urn:hst:hub:IPSG'"));
    }

    [Fact]
    public async Task RunOnce_DatesFurtherThanTheLeadTime_AskNothingAndTheWorkerSleepsUntilTheEarliestReview()
    {
        var now = _hub.Time.GetUtcNow();
        await _hub.SubmitAsync("FR", ["IT"], now + Lead + TimeSpan.FromMinutes(30));
        await _hub.SubmitAsync("DE", ["IT"], now + Lead + TimeSpan.FromMinutes(10));
        await _hub.SubmitAsync("ES", ["IT"], now + Lead + TimeSpan.FromDays(30));

        var wait = await _hub.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0L, Reviews);
        Assert.Equal(TimeSpan.FromMinutes(10), wait);
    }

    [Fact]
    public async Task RunOnce_ASourceThatCannotReceive_IsRecordedAsAskedAndAuditedAsUndeliverable()
    {
        var date = _hub.Time.GetUtcNow() + TimeSpan.FromDays(3);
        var sent = await _hub.SubmitAsync("DE", ["IT"], date);
        await _hub.Store.SetMemberStatusAsync(Protocol.Identities.PartyId.Member("DE"), MemberStatus.Revoked, "test");

        await _hub.Worker.RunOnceAsync(CancellationToken.None);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM retention_reviews WHERE hub_sequence = {sent.HubSequence} AND review_hub_sequence IS NULL"));
        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.SendSkipped}'"));
        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.RetentionReview}' AND detail LIKE '%undeliverable'"));
    }
}
