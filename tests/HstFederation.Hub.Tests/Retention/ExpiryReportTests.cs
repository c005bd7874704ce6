using HstFederation.Hub.Audit;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Retention;

/// <summary>
/// The source's report of an expiry that left a recipient without the message (docs/lifecycle.md §5, THREATS.md item
/// 27) on a real hub on a fake clock: one hub-signed ExpiryReport to the source, naming exactly the recipients whose
/// envelope delivery the expiry withdrew unacknowledged; none when every recipient had acknowledged.
/// </summary>
public sealed class ExpiryReportTests : IAsyncLifetime
{
    private RetentionHub _hub = null!;

    public async Task InitializeAsync() => _hub = await RetentionHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private long HubMessagesTo(string member) =>
        _hub.Count($"SELECT count(*) FROM deliveries d JOIN messages m ON m.hub_sequence = d.hub_sequence WHERE m.sender = '{PartyId.Hub.Uri}' AND d.recipient = 'urn:hst:member:{member}'");

    [Fact]
    public async Task RunOnce_AtTheDate_WhenDeNeverAcknowledged_SendsFrOneReportNamingDeAlone_NeverStreamed_QueuedSinceTheAcceptance()
    {
        var date = _hub.Time.GetUtcNow() + TimeSpan.FromDays(2);
        var acceptedAtMs = _hub.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var sent = await _hub.SubmitAsync("FR", ["DE", "IT"], date);
        await AcknowledgeAsync("IT");

        _hub.SetTime(date);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1L, HubMessagesTo("FR"));
        var report = await ReportAtFrAsync();
        Assert.Equal(sent.MessageId, report.MessageId.ToByteArray());
        Assert.Equal(sent.HeaderSha256, report.HeaderSha256.ToByteArray());
        Assert.Equal(date.ToUnixTimeMilliseconds(), report.RetainUntilMs);
        Assert.Equal(date.ToUnixTimeMilliseconds(), report.ExpiredAtMs);
        Assert.Equal(
            1L,
            _hub.Count($"SELECT count(*) FROM lifecycle_orders WHERE action = 'expiry' AND hub_sequence = {sent.HubSequence} AND order_id = x'{Convert.ToHexString(report.ExpiryOrderId.Span)}'"));
        var de = Assert.Single(report.Undelivered);
        Assert.Equal(("urn:hst:member:DE", false, acceptedAtMs, 0L), (de.Recipient, de.ForwardedCopy, de.QueuedAtMs, de.FirstStreamedAtMs));
        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.ExpiryReport}' AND detail LIKE 'hub_sequence={sent.HubSequence} %undelivered=urn:hst:member:DE(never-streamed) report_hub_sequence=%'"));

        // The message's ledger shows the report among its audit entries.
        var ledger = await _hub.CommandAsync("ledger", MessageIds.Format(sent.MessageId));
        Assert.Contains("expiry-report", ledger.Out, StringComparison.Ordinal);
        Assert.Contains("undelivered=urn:hst:member:DE(never-streamed)", ledger.Out, StringComparison.Ordinal);

        // DE, back, is sent the expiry order alone, as before the report existed.
        var atDe = Assert.Single(await Inbox.ReceiveAsync(_hub.Hub, "DE", 1));
        Assert.Equal(LifecycleOrder.ActionOneofCase.Expiry, _hub.VerifyOrder(atDe).ActionCase);
    }

    [Fact]
    public async Task RunOnce_AtTheDate_WhenDeWasStreamedTheEnvelopeButNeverAcknowledged_TheReportSaysWhenItWasStreamed()
    {
        var date = _hub.Time.GetUtcNow() + TimeSpan.FromDays(2);
        await _hub.SubmitAsync("FR", ["DE", "IT"], date);
        await AcknowledgeAsync("IT");
        _hub.Time.Advance(TimeSpan.FromHours(1));
        var streamedAtMs = _hub.Time.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Single(await Inbox.ReceiveAsync(_hub.Hub, "DE", 1));
        // The page's deliver entry commits as the stream ends; the expiry reads it from the audit.
        await Wait.UntilAsync(() => _hub.Count("SELECT count(*) FROM audit WHERE action = 'deliver' AND actor = 'urn:hst:member:DE'") == 1);

        _hub.SetTime(date);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        var de = Assert.Single((await ReportAtFrAsync()).Undelivered);
        Assert.Equal(("urn:hst:member:DE", streamedAtMs), (de.Recipient, de.FirstStreamedAtMs));
    }

    [Fact]
    public async Task RunOnce_AtTheDate_AForwardedCopyNeverAcknowledged_IsNamedAsForwarded_QueuedSinceTheRelease()
    {
        await _hub.DisposeAsync();
        _hub = await RetentionHub.StartAsync(intelligence: true);
        var date = _hub.Time.GetUtcNow() + TimeSpan.FromDays(2);
        var acceptedAtMs = _hub.Time.GetUtcNow().ToUnixTimeMilliseconds();
        // H2: FR's consent lets the hub forward its message to DE, the other source of the hit.
        var fr = await _hub.SubmitAsync("FR", ["IT", PartyId.HubCode], date, edit: m => m.Handling.Code = HandlingCode.H2);
        await _hub.SubmitAsync("DE", ["IT", PartyId.HubCode], date + TimeSpan.FromDays(2));
        await Wait.UntilAsync(() => _hub.Count("SELECT count(*) FROM hit_notifications") == 2);
        var hit = _hub.Open(Assert.Single(await Inbox.ReceiveAsync(_hub.Hub, "FR", 1)), "FR", HitNotification.Parser);
        _hub.Time.Advance(TimeSpan.FromHours(1));
        var releasedAtMs = _hub.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var consent = ForwardConsents.Grant(fr.MessageId, fr.HeaderSha256, [PartyId.Member("DE")], _hub.Hub.Credentials("FR"), _hub.Time.GetUtcNow());
        await _hub.Hub.Client("FR").ReleaseAsync(new ReleaseRequest { HitId = hit.HitId, Consent = consent });
        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM forwards WHERE hub_sequence = {fr.HubSequence}"));

        _hub.SetTime(date);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        var report = await ReportAtFrAsync();
        Assert.Equal(
            [("urn:hst:member:DE", true, releasedAtMs), ("urn:hst:member:IT", false, acceptedAtMs)],
            report.Undelivered.Select(c => (c.Recipient, c.ForwardedCopy, c.QueuedAtMs)));
    }

    [Fact]
    public async Task RunOnce_AtTheDate_WhenEveryRecipientAcknowledged_SendsNoReport()
    {
        var date = _hub.Time.GetUtcNow() + TimeSpan.FromDays(2);
        var sent = await _hub.SubmitAsync("FR", ["DE", "IT"], date);
        await AcknowledgeAsync("IT");
        await AcknowledgeAsync("DE");

        _hub.SetTime(date);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM message_lifecycle WHERE hub_sequence = {sent.HubSequence} AND state = 3"));
        Assert.Equal(0L, HubMessagesTo("FR"));
        Assert.Equal(0L, _hub.Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.ExpiryReport}'"));
    }

    /// <summary>Receives the member's envelope of the message and acknowledges it with its signed receipt.</summary>
    private async Task AcknowledgeAsync(string member)
    {
        var delivery = Assert.Single(await Inbox.ReceiveAsync(_hub.Hub, member, 1));
        await DeliveryReceipts.AcknowledgeAsync(_hub.Hub, member, delivery, Inbox.OpenContent(_hub.Hub, delivery, member).Verified);
    }

    /// <summary>FR's last hub envelope (after the relayed receipts of its message, and any hit notification), opened and parsed as FR's node does.</summary>
    private async Task<ExpiryReport> ReportAtFrAsync()
    {
        var cursor = (ulong)_hub.Count($"SELECT max(d.cursor) FROM deliveries d JOIN messages m ON m.hub_sequence = d.hub_sequence WHERE m.sender = '{PartyId.Hub.Uri}' AND d.recipient = 'urn:hst:member:FR'");
        var delivery = Assert.Single(await Inbox.ReceiveAsync(_hub.Hub, "FR", 1, cursor - 1));
        // Parsed strictly as its signed content type, hst.v1.ExpiryReport (OpenedContent.Parse).
        return _hub.Open(delivery, "FR", ExpiryReport.Parser);
    }
}
