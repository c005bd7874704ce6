using Grpc.Core;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Retention;

/// <summary>
/// The source's answers to a retention review through Hub.Lifecycle over mutual TLS (docs/lifecycle.md §3, §5): an
/// extension is recorded with its justification, re-arms the review for the new date and reaches every holder; a lapse
/// is recorded and relayed to nobody; extensions that do not extend, go beyond the limit, lack a justification or come
/// from another member are refused with their reasons, audited, and change nothing.
/// </summary>
public sealed class RetentionOrderTests : IAsyncLifetime
{
    private static readonly TimeSpan Lead = LifecycleRules.ReviewLeadTime;
    private RetentionHub _hub = null!;

    public async Task InitializeAsync() => _hub = await RetentionHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<(SentMessage Sent, DateTimeOffset Date)> ReviewedAsync()
    {
        var date = _hub.Time.GetUtcNow() + Lead + TimeSpan.FromHours(1);
        var sent = await _hub.SubmitAsync("FR", ["IT", "ES"], date);
        _hub.SetTime(date - Lead);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1L, _hub.Count("SELECT count(*) FROM retention_reviews"));
        return (sent, date);
    }

    private long RetainUntilMs(SentMessage sent) =>
        _hub.Count($"SELECT retain_until_ms FROM message_lifecycle WHERE hub_sequence = {sent.HubSequence}");

    [Fact]
    public async Task Extension_AfterTheReview_IsRecordedWithItsJustification_ReArmsTheReview_AndReachesEveryHolder()
    {
        var (sent, date) = await ReviewedAsync();
        var extended = date + TimeSpan.FromDays(1);
        const string justification = "trial of the network's organisers set for next spring";

        var response = await _hub.SendAsync("FR", _hub.Order(sent, "FR", o => o.Extension = new RetentionExtension
        {
            RetainUntilMs = extended.ToUnixTimeMilliseconds(),
            Justification = justification,
        }));

        var receipt = LifecycleReceipt.Parser.ParseFrom(response.Receipt.Statement);
        Assert.Equal(["urn:hst:member:IT", "urn:hst:member:ES"], receipt.Holders.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(extended.ToUnixTimeMilliseconds(), RetainUntilMs(sent));
        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM retention_reviews WHERE retain_until_ms = {date.ToUnixTimeMilliseconds()} AND decision = 1"));
        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.Lifecycle}' AND detail LIKE '%action=extension%'"));
        foreach (var holder in new[] { "IT", "ES" })
        {
            var order = _hub.VerifyOrder((await Inbox.ReceiveAsync(_hub.Hub, holder, 2))[1]);
            Assert.Equal(justification, order.Extension.Justification);
            Assert.Equal(extended.ToUnixTimeMilliseconds(), order.Extension.RetainUntilMs);
        }

        // Re-armed: the new date is reviewed at its own lead time, not a tick earlier.
        _hub.SetTime(extended - Lead - TimeSpan.FromTicks(1));
        await _hub.Worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1L, _hub.Count("SELECT count(*) FROM retention_reviews"));
        _hub.Time.Advance(TimeSpan.FromTicks(1));
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        var reviews = (await Inbox.ReceiveAsync(_hub.Hub, "FR", 2)).Select(d => _hub.Open(d, "FR", RetentionReview.Parser)).ToList();
        Assert.Equal([date.ToUnixTimeMilliseconds(), extended.ToUnixTimeMilliseconds()], reviews.Select(r => r.RetainUntilMs));
    }

    [Fact]
    public async Task Lapse_IsRecordedAsTheReviewsDecision_AndRelayedToNobody()
    {
        var (sent, date) = await ReviewedAsync();

        var response = await _hub.SendAsync("FR", _hub.Order(sent, "FR", o => o.Lapse = new RetentionLapse { Note = "case closed" }));

        Assert.Empty(LifecycleReceipt.Parser.ParseFrom(response.Receipt.Statement).Holders);
        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM retention_reviews WHERE retain_until_ms = {date.ToUnixTimeMilliseconds()} AND decision = 2"));
        Assert.Equal(0L, _hub.Count("SELECT count(*) FROM deliveries WHERE kind = 3"));
        Assert.Equal(date.ToUnixTimeMilliseconds(), RetainUntilMs(sent));
    }

    [Theory]
    [InlineData("shortens", "FR", RejectionReason.RetentionInvalid, StatusCode.FailedPrecondition)]
    [InlineData("same-date", "FR", RejectionReason.RetentionInvalid, StatusCode.FailedPrecondition)]
    [InlineData("beyond-30-years", "FR", RejectionReason.RetentionInvalid, StatusCode.FailedPrecondition)]
    [InlineData("no-justification", "FR", RejectionReason.LifecycleOrderInvalid, StatusCode.InvalidArgument)]
    [InlineData("another-member", "DE", RejectionReason.NotSource, StatusCode.PermissionDenied)]
    public async Task Extension_Invalid_IsRefusedWithItsReason_AuditedAndChangesNothing(string kind, string caller, RejectionReason reason, StatusCode status)
    {
        var (sent, date) = await ReviewedAsync();
        var issuedAt = _hub.Time.GetUtcNow();
        var until = kind switch
        {
            "shortens" => date - TimeSpan.FromMinutes(30),
            "same-date" => date,
            "beyond-30-years" => issuedAt + TimeSpan.FromDays((366 * 30) + 1),
            _ => date + TimeSpan.FromDays(365),
        };
        var order = _hub.Order(sent, caller, o => o.Extension = new RetentionExtension
        {
            RetainUntilMs = until.ToUnixTimeMilliseconds(),
            Justification = kind == "no-justification" ? " " : "ongoing investigation",
        });

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.SendAsync(caller, order));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(reason, RejectionTrailer.Read(error)!.Reason);
        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.Reject}' AND detail = '{reason}' AND actor = 'urn:hst:member:{caller}'"));
        Assert.Equal(date.ToUnixTimeMilliseconds(), RetainUntilMs(sent));
        Assert.Equal(0L, _hub.Count("SELECT count(*) FROM lifecycle_orders"));
        Assert.Equal(1L, _hub.Count("SELECT count(*) FROM retention_reviews WHERE decision IS NULL"));
    }
    /// <summary>
    /// THREATS 22 for orders: one dated far ahead of the hub's clock (300 days: well past the 5-minute skew, inside FR's
    /// certificate, so its signature verifies at that date) is refused, whatever its action; an extension dated ahead
    /// would otherwise carry its 30-year cap ahead with it.
    /// </summary>
    [Theory]
    [InlineData("extension")]
    [InlineData("recall")]
    public async Task Order_IssuedFarAheadOfTheHubsClock_IsLifecycleOrderInvalid_AuditedAndChangesNothing(string action)
    {
        var (sent, date) = await ReviewedAsync();
        var issuedAt = _hub.Time.GetUtcNow() + TimeSpan.FromDays(300);
        var order = _hub.Order(sent, "FR", o =>
        {
            o.IssuedAtMs = issuedAt.ToUnixTimeMilliseconds();
            if (action == "extension")
            {
                o.Extension = new RetentionExtension { RetainUntilMs = (issuedAt + TimeSpan.FromDays(366 * 30)).ToUnixTimeMilliseconds(), Justification = "ongoing investigation" };
            }
            else
            {
                o.Recall = new RecallOrder { Reason = RecallReason.Inaccurate, Note = "wrong person" };
            }
        });

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.SendAsync("FR", order));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(RejectionReason.LifecycleOrderInvalid, RejectionTrailer.Read(error)!.Reason);
        Assert.Contains("issued_at_ms", RejectionTrailer.Read(error)!.Detail, StringComparison.Ordinal);
        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.Reject}' AND detail = '{RejectionReason.LifecycleOrderInvalid}' AND actor = 'urn:hst:member:FR'"));
        Assert.Equal(date.ToUnixTimeMilliseconds(), RetainUntilMs(sent));
        Assert.Equal(0L, _hub.Count("SELECT count(*) FROM lifecycle_orders"));
        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM message_lifecycle WHERE hub_sequence = {sent.HubSequence} AND state = 1"));
    }

    [Fact]
    public async Task Extension_IssuedAheadWithinTheClockSkew_IsAccepted()
    {
        var (sent, date) = await ReviewedAsync();
        var extended = date + TimeSpan.FromDays(365);

        var response = await _hub.SendAsync("FR", _hub.Order(sent, "FR", o =>
        {
            o.IssuedAtMs = (_hub.Time.GetUtcNow() + TimeSpan.FromMinutes(4)).ToUnixTimeMilliseconds();
            o.Extension = new RetentionExtension { RetainUntilMs = extended.ToUnixTimeMilliseconds(), Justification = "ongoing investigation" };
        }));

        Assert.False(response.Duplicate);
        Assert.Equal(extended.ToUnixTimeMilliseconds(), RetainUntilMs(sent));
    }

    [Fact]
    public async Task Extension_WithinThe30YearsAfterItsIssuedAtButNotAfterTheHubsClock_IsRetentionInvalid()
    {
        var (sent, date) = await ReviewedAsync();
        var now = _hub.Time.GetUtcNow();
        var issuedAt = now + TimeSpan.FromMinutes(4); // within the skew
        var until = now + TimeSpan.FromDays(366 * 30) + TimeSpan.FromMinutes(2); // ≤ issuedAt + the cap, > now + the cap

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.SendAsync("FR", _hub.Order(sent, "FR", o =>
        {
            o.IssuedAtMs = issuedAt.ToUnixTimeMilliseconds();
            o.Extension = new RetentionExtension { RetainUntilMs = until.ToUnixTimeMilliseconds(), Justification = "ongoing investigation" };
        })));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(RejectionReason.RetentionInvalid, RejectionTrailer.Read(error)!.Reason);
        Assert.Equal(date.ToUnixTimeMilliseconds(), RetainUntilMs(sent));
        Assert.Equal(0L, _hub.Count("SELECT count(*) FROM lifecycle_orders"));
    }
}
