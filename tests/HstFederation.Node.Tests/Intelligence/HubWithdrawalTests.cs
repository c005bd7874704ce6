using Google.Protobuf;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Envelope;
using HstFederation.Testing.Samples;
using HstFederation.Testing.Storage;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>
/// The hub's withdrawal of its own messages to FR (intelligence.proto HubWithdrawal; docs/intelligence.md, "Withdrawals
/// at the node") over the real link: the real hub signs, seals, numbers and streams each notice, FR's hub link verifies
/// and stores it on its real SQLite file. A canary value of each withdrawn message is looked for in the file and its WAL.
/// </summary>
public sealed class HubWithdrawalTests : CommandLineTestBase
{
    private const string HitCanary = "+33699887766";
    private const string ProductCanary = "Kufra smuggling ring";

    [Fact]
    public async Task HeldHitNotification_NamedByTheHub_IsPurged_ItsHitStaysForTheLedger_AndHitsShowsItWithdrawnByTheHub()
    {
        var hit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        hit.Matches[1].YourValue = HitCanary;
        var sent = await Hub.SendAsHubAsync("FR", hit);
        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM hits;") == 1), "FR stores the hit");
        Assert.True(DatabaseFiles.Contain(Fr.Store.Database.Path, HitCanary));

        var notice = await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(HubWithdrawalNotices.Entry(Hub, "FR", sent, WithdrawalCause.Recalled)));
        await NoticeStoredAsync(notice);

        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM hits h JOIN inbox i ON i.local_id = h.inbox_local_id WHERE i.purge_cause = 'recalled';"));
        Assert.Equal(0, Fr.Count("SELECT length(i.plaintext) + length(i.envelope) FROM hits h JOIN inbox i ON i.local_id = h.inbox_local_id;"));
        Assert.False(DatabaseFiles.Contain(Fr.Store.Database.Path, HitCanary));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'purge' AND detail LIKE '%cause=recalled withdrawn by the hub: notice=%';"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM hub_withdrawn WHERE recipient_sequence = 1 AND cause = 'recalled';"));
        Assert.Empty(await Fr.Store.AlarmsAsync());
        Assert.Empty(await Fr.Store.QuarantinedAsync());
        await Eventually.TrueAsync(() => Task.FromResult(Hub.AcknowledgedReceipts("FR", notice).All(r => r is not null)), "FR acknowledges the notice");

        var hits = await RunAsync(Fr, "hits");
        var show = await RunAsync(Fr, "hits", "show", Convert.ToHexStringLower(hit.HitId.Span));
        Assert.True(hits.ExitCode == NodeCommandLine.Success, hits.ToString());
        Assert.Contains("withdrawn by the hub: recalled", hits.Out, StringComparison.Ordinal);
        Assert.True(show.ExitCode == NodeCommandLine.Success, show.ToString());
        Assert.Contains("the hub withdrew the notification (recalled", show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(HitCanary, show.Out, StringComparison.Ordinal);

        var showNotice = await RunAsync(Fr, "show", Protocol.Identities.MessageIds.Format(HubWithdrawalNotices.MessageId(Hub, notice)));
        Assert.True(showNotice.ExitCode == NodeCommandLine.Success, showNotice.ToString());
        Assert.Contains("the hub's withdrawal of its own messages to this NCB", showNotice.Out, StringComparison.Ordinal);
        Assert.Contains($"{Protocol.Identities.MessageIds.Format(HubWithdrawalNotices.MessageId(Hub, sent))} (number 1, hst.v1.HitNotification): recalled because of",
            showNotice.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeldProduct_NamedByTheHub_IsPurged_AndProductsListsItWithdrawnByTheHub()
    {
        var product = HubProducts.Network("FR", ProductCanary);
        var sent = await Hub.SendAsHubAsync("FR", product);
        var kept = await Hub.SendAsHubAsync("FR", HubProducts.Network("FR", "Sabratha boat yard"));
        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM products;") == 2), "FR stores both products");
        Assert.True(DatabaseFiles.Contain(Fr.Store.Database.Path, ProductCanary));

        var notice = await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(HubWithdrawalNotices.Entry(Hub, "FR", sent, WithdrawalCause.Expired)));
        await NoticeStoredAsync(notice);

        Assert.False(DatabaseFiles.Contain(Fr.Store.Database.Path, ProductCanary));
        Assert.True(DatabaseFiles.Contain(Fr.Store.Database.Path, "Sabratha boat yard"));
        Assert.Equal(2, Fr.Count("SELECT COUNT(*) FROM products;"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.AnalyticalProduct' AND purge_cause = 'expired';"));
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM inbox WHERE sequence = {kept} AND purged_at_ms IS NULL;"));

        var list = await RunAsync(Fr, "products");
        var show = await RunAsync(Fr, "products", "show", Convert.ToHexStringLower(product.ProductId.Span));
        Assert.True(list.ExitCode == NodeCommandLine.Success, list.ToString());
        Assert.Contains("withdrawn by the hub: expired", list.Out, StringComparison.Ordinal);
        Assert.True(show.ExitCode == NodeCommandLine.Success, show.ToString());
        Assert.Contains("the hub withdrew it", show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(ProductCanary, show.Out + list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoticeNamingAnotherHeaderThanTheHeldCopy_PurgesNothing_AndRaisesAWithdrawalMismatchAlarmStatusCounts()
    {
        var hit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        hit.Matches[1].YourValue = HitCanary;
        var sent = await Hub.SendAsHubAsync("FR", hit);
        var entry = HubWithdrawalNotices.Entry(Hub, "FR", sent, WithdrawalCause.Restricted);
        var otherHeader = entry.HeaderSha256.ToByteArray();
        otherHeader[0] ^= 0x01;
        entry.HeaderSha256 = ByteString.CopyFrom(otherHeader);
        var notice = await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(entry));

        Fr.StartSubscriber();
        await NoticeStoredAsync(notice);

        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM inbox WHERE purged_at_ms IS NOT NULL;"));
        Assert.True(DatabaseFiles.Contain(Fr.Store.Database.Path, HitCanary));
        var alarm = Assert.Single(await Fr.Store.AlarmsAsync());
        Assert.Equal((SequenceAlarm.WithdrawalMismatch, Protocol.Identities.PartyId.Hub.Uri, 1L), (alarm.Kind, alarm.Sender, alarm.Expected));
        Assert.Equal(entry.MessageId.ToByteArray(), alarm.MessageId);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'hub-withdrawal' AND detail LIKE '%withdrawal-mismatch%';"));

        var status = await RunAsync(Fr, "status");
        var quarantine = await RunAsync(Fr, "quarantine");
        Assert.Equal(NodeCommandLine.Failure, status.ExitCode);
        Assert.Contains("1 open alarms", status.Out, StringComparison.Ordinal);
        Assert.Contains(SequenceAlarm.WithdrawalMismatch, quarantine.Out, StringComparison.Ordinal);
        Assert.Contains(Protocol.Identities.MessageIds.Format(entry.MessageId.Span), quarantine.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoticeNamingAHeldCopyUnderAnotherNumberThanItsOwn_PurgesNothing_AndRaisesAWithdrawalMismatchAlarm()
    {
        var hit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        hit.Matches[1].YourValue = HitCanary;
        var sent = await Hub.SendAsHubAsync("FR", hit);
        await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR"));
        var entry = HubWithdrawalNotices.Entry(Hub, "FR", sent, WithdrawalCause.Recalled);
        entry.RecipientSequence = 2;
        var notice = await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(entry));

        Fr.StartSubscriber();
        await NoticeStoredAsync(notice);

        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM inbox WHERE purged_at_ms IS NOT NULL;"));
        Assert.True(DatabaseFiles.Contain(Fr.Store.Database.Path, HitCanary));
        var alarm = Assert.Single(await Fr.Store.AlarmsAsync());
        Assert.Equal((SequenceAlarm.WithdrawalMismatch, 2L), (alarm.Kind, alarm.Expected));
        Assert.Equal(entry.MessageId.ToByteArray(), alarm.MessageId);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'hub-withdrawal' AND detail LIKE '%withdrawal-mismatch: local_id=% is number 1';"));
    }

    [Fact]
    public async Task RepeatedHitNotification_OneNamedByTheHub_EveryCopyOfTheHitIsPurged()
    {
        var hit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        hit.Matches[1].YourValue = HitCanary;
        var sent = await Hub.SendAsHubAsync("FR", hit);
        await Hub.SendAsHubAsync("FR", hit);
        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM hit_notifications;") == 2), "FR stores both notifications");

        var notice = await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(HubWithdrawalNotices.Entry(Hub, "FR", sent, WithdrawalCause.Recalled)));
        await NoticeStoredAsync(notice);

        Assert.Equal(2, Fr.Count("SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.HitNotification' AND purge_cause = 'recalled' AND length(plaintext) = 0;"));
        Assert.False(DatabaseFiles.Contain(Fr.Store.Database.Path, HitCanary));
        Assert.Empty(await Fr.Store.AlarmsAsync());
    }

    [Fact]
    public async Task RepeatedProduct_OneNamedByTheHub_EveryCopyOfTheProductIsPurged()
    {
        var product = HubProducts.Network("FR", ProductCanary);
        var sent = await Hub.SendAsHubAsync("FR", product);
        await Hub.SendAsHubAsync("FR", product);
        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM product_copies;") == 2), "FR stores both copies");

        var notice = await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(HubWithdrawalNotices.Entry(Hub, "FR", sent, WithdrawalCause.Expired)));
        await NoticeStoredAsync(notice);

        Assert.Equal(2, Fr.Count("SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.AnalyticalProduct' AND purge_cause = 'expired' AND length(plaintext) = 0;"));
        Assert.False(DatabaseFiles.Contain(Fr.Store.Database.Path, ProductCanary));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM products;"));
    }

    [Fact]
    public async Task MalformedNotice_IsQuarantinedAsContentInvalid_PurgesNothing_AndTheNextHubMessageIsStored()
    {
        var hit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        hit.Matches[1].YourValue = HitCanary;
        var sent = await Hub.SendAsHubAsync("FR", hit);
        var entry = HubWithdrawalNotices.Entry(Hub, "FR", sent, WithdrawalCause.Recalled);
        entry.HeaderSha256 = ByteString.CopyFrom(entry.HeaderSha256.Span[..31]);
        var notice = await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(entry));
        await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR"));

        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM products;") == 1), "FR stores the product after the notice");

        var quarantined = Assert.Single(await Fr.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.ContentInvalid), quarantined.Reason);
        Assert.Equal("hub withdrawal: a header_sha256 is not 32 bytes", quarantined.Detail);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.HubWithdrawal' OR purged_at_ms IS NOT NULL;"));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM hub_withdrawn;"));
        Assert.True(DatabaseFiles.Contain(Fr.Store.Database.Path, HitCanary));
        Assert.Null(Assert.Single(Hub.AcknowledgedReceipts("FR", notice)));
    }

    [Fact]
    public async Task HubWithdrawal_SignedByAMember_IsQuarantined_OnlyTheHubMaySendOne()
    {
        var sent = await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR"));
        var passedOff = HubWithdrawalNotices.Of(HubWithdrawalNotices.Entry(Hub, "FR", sent, WithdrawalCause.Recalled));
        var fromDe = await De.EnqueueAsync("FR");
        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));
        Hub.ReplaceEnvelope(Hub.HubSequenceOf(De.Party, fromDe.MessageId), _ => Forge(Hub.Credentials("DE"), passedOff.ToByteArray()));
        var next = await De.EnqueueAsync("FR");
        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));

        Fr.StartSubscriber();
        await Eventually.TrueAsync(async () => await Fr.Store.GetReceivedAsync(De.Party, next.MessageId) is not null, "FR stores DE's next message");

        var quarantined = Assert.Single(await Fr.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.MalformedHeader), quarantined.Reason);
        Assert.Contains("not one urn:hst:member:DE may send", quarantined.Detail, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM hub_withdrawn;"));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM inbox WHERE purged_at_ms IS NOT NULL;"));
    }

    [Fact]
    public async Task SameNoticeDeliveredTwice_IsStoredAndAppliedOnce()
    {
        var sent = await Hub.SendAsHubAsync("FR", HubProducts.Network("FR", ProductCanary));
        var notice = await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(HubWithdrawalNotices.Entry(Hub, "FR", sent, WithdrawalCause.Recalled)));
        Hub.InsertDelivery("FR", notice);

        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Hub.AcknowledgedReceipts("FR", notice).All(r => r is not null)), "FR acknowledges both deliveries");

        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.HubWithdrawal';"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'purge';"));
        Assert.False(DatabaseFiles.Contain(Fr.Store.Database.Path, ProductCanary));
        Assert.Empty(await Fr.Store.AlarmsAsync());
    }

    /// <summary>
    /// Until the hub holds FR's signed receipt of the notice: FR acknowledges a message only once its store call returned,
    /// and that call checkpoints the WAL after a purge. Polling FR's own file instead could see the commit before the
    /// checkpoint, and the poll's reader could make the checkpoint partial, leaving a purged frame in the -wal file.
    /// </summary>
    private Task NoticeStoredAsync(long notice) =>
        Eventually.TrueAsync(() => Task.FromResult(Hub.AcknowledgedReceipts("FR", notice) is [{ }]), "FR stores and acknowledges the notice");

    /// <summary>An envelope signed by <paramref name="signer"/> claiming to be a HubWithdrawal, H3 to FR.</summary>
    private byte[] Forge(Protocol.Pki.PartyCredentials signer, byte[] content)
    {
        var carrier = SampleMessages.Minimal(DateTimeOffset.UtcNow);
        carrier.Handling.Code = HandlingCode.H3;
        carrier.Handling.Addressees = new Addressees { Members = { "FR" } };
        return new EnvelopeForge(SystemRandomSource.Instance)
        {
            Message = carrier,
            Signer = signer,
            Recipients = [Hub.Credentials("FR").Encryption],
            CreatedAt = DateTimeOffset.UtcNow,
            MutatePlaintext = _ => content,
            MutateHeader = header => header.ContentType = ProtocolVersions.HubWithdrawalContentType,
        }.Build();
    }
}
