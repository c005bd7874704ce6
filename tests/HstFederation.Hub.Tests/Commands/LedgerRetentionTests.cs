using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Retention;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// The retention section of `hst-hub ledger` over a message's whole retention on a running hub: reviewed, extended with a
/// justification, reviewed again, let lapse, expired. Every review and retention order it lists is backed by the audit
/// entry written in the same transaction, and its audit entries are exactly the log's entries about the message.
/// </summary>
public sealed class LedgerRetentionTests : IAsyncLifetime
{
    private const string Justification = "joint investigation team extended to next year";
    // A day's lead instead of six months: two reviews and the expiry stay inside the development CRL's week.
    private static readonly TimeSpan Lead = TimeSpan.FromDays(1);
    private RetentionHub _hub = null!;

    public async Task InitializeAsync() => _hub = await RetentionHub.StartAsync(leadTime: Lead);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Ledger_ReviewedExtendedLapsedAndExpired_ShowsEachStepBackedByTheAuditLog()
    {
        var start = _hub.Time.GetUtcNow();
        var date = start + Lead + TimeSpan.FromHours(1);
        var extended = date + TimeSpan.FromDays(1);
        var sent = await _hub.SubmitAsync("FR", ["IT"], date);
        _hub.SetTime(date - Lead);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);
        await _hub.SendAsync("FR", _hub.Order(sent, "FR", o => o.Extension = new RetentionExtension { RetainUntilMs = extended.ToUnixTimeMilliseconds(), Justification = Justification }));
        _hub.SetTime(extended - Lead);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);
        await _hub.SendAsync("FR", _hub.Order(sent, "FR", o => o.Lapse = new RetentionLapse { Note = "case closed" }));
        _hub.SetTime(extended);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        var ledger = (await _hub.Store.LedgerAsync(sent.MessageId, PartyId.Member("FR"))).Ledger!;

        var retention = ledger.Retention!;
        Assert.Equal((extended.ToUnixTimeMilliseconds(), MessageState.Expired), (retention.RetainUntilMs, retention.State));
        Assert.Equal(
            [(date.ToUnixTimeMilliseconds(), RetentionDecision.Extended), (extended.ToUnixTimeMilliseconds(), RetentionDecision.Lapsed)],
            retention.Reviews.Select(r => (r.RetainUntilMs, r.Decision!.Value)));
        Assert.Equal(
            [("extension", "urn:hst:member:FR", (long?)extended.ToUnixTimeMilliseconds(), Justification),
             ("lapse", "urn:hst:member:FR", null, "case closed"),
             ("expiry", PartyId.Hub.Uri, extended.ToUnixTimeMilliseconds(), string.Empty)],
            retention.Orders.Select(o => (o.Action, o.Issuer, o.RetainUntilMs, o.Text)));

        // The lifecycle section lists the same orders with their terms; a lapse was relayed to nobody.
        var orders = ledger.Lifecycle!.Orders;
        Assert.Equal(
            [("extension", (long?)extended.ToUnixTimeMilliseconds(), Justification, null), ("lapse", null, null, "case closed"), ("expiry", extended.ToUnixTimeMilliseconds(), null, null)],
            orders.Select(o => (o.Action, o.Terms.RetainUntilMs, o.Terms.Justification, o.Terms.Note)));
        Assert.Empty(orders[1].Holders);
        Assert.Equal(MessageState.Expired, ledger.Lifecycle.State);

        // The ledger's audit entries are the log's entries under the message's id, and each step has its own.
        Assert.Equal(LedgerChecks.AuditRows(_hub.Store, sent.MessageId), ledger.Audit.Select(e => (e.Seq, e.AtMs, e.Actor, e.Action, e.Detail)));
        // IT never fetched the message: the expiry reports that to FR (expiry-report), in the expiry's transaction.
        Assert.Equal(["accept", "retention-review", "lifecycle", "retention-review", "lifecycle", "lifecycle", "expiry-report"], ledger.Audit.Select(e => e.Action));
        foreach (var review in retention.Reviews)
        {
            Assert.Contains(ledger.Audit, e => e.Action == "retention-review" && e.AtMs == review.RequestedAtMs
                && e.Detail.Contains($"retain_until_ms={review.RetainUntilMs} ", StringComparison.Ordinal));
        }

        foreach (var order in retention.Orders)
        {
            Assert.Contains(ledger.Audit, e => e.Action == "lifecycle" && e.AtMs == order.AcceptedAtMs && e.Actor == order.Issuer
                && e.Detail.Contains($"order={Convert.ToHexStringLower(order.OrderId)} action={order.Action}", StringComparison.Ordinal));
        }

        var json = (await _hub.CommandAsync("ledger", MessageIds.Format(sent.MessageId), "--json")).Json().GetProperty("retention");
        Assert.Equal("expired", json.GetProperty("state").GetString());
        Assert.Equal(["extended", "lapse"], json.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("decision").GetString()));
        Assert.Equal(Justification, json.GetProperty("orders")[0].GetProperty("justification").GetString());
        var text = await _hub.CommandAsync("ledger", MessageIds.Format(sent.MessageId));
        Assert.Contains("(expired)", text.Out, StringComparison.Ordinal);
        Assert.Contains("extension by urn:hst:member:FR to ", text.Out, StringComparison.Ordinal);
        Assert.Contains("justification: " + Justification, text.Out, StringComparison.Ordinal);
        Assert.Contains("expiry by urn:hst:hub:IPSG at ", text.Out, StringComparison.Ordinal);
    }
}
