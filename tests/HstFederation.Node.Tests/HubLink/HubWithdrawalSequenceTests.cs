using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.Intelligence;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Storage;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// The hub's count of its messages to FR (Recipient.sequence) when it withdraws some before FR received them
/// (docs/node.md, "Sequence alarms"; docs/intelligence.md, "Withdrawals at the node"): a withdrawn number is no gap.
/// The hub withdraws a message here by dropping its queued delivery (as its withdrawal does) and sending the notice.
/// </summary>
public sealed class HubWithdrawalSequenceTests : CommandLineTestBase
{
    private const string Canary = "+33699887766";

    [Fact]
    public async Task NoticeThatRevealsTheGap_NamingTheMissingNumber_LeavesNoAlarm_NorDoesALaterHubMessage()
    {
        await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR"));
        var withdrawn = await Hub.SendAsHubAsync("FR", HubProducts.Hit("FR", HubProducts.NewId(), "DE"));
        Hub.DropDelivery("FR", withdrawn);
        await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(HubWithdrawalNotices.Entry(Hub, "FR", withdrawn, WithdrawalCause.Restricted)));
        await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR"));

        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM products;") == 2), "FR stores the product after the notice");

        Assert.Empty(await Fr.Store.AlarmsAsync());
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM alarms;"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM hub_withdrawn WHERE recipient_sequence = 2 AND content_type = 'hst.v1.HitNotification';"));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM hits;"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'hub-withdrawal' AND detail LIKE '%not received: recorded as withdrawn';"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'hub-withdrawal' AND detail LIKE 'sequence expected=2 received=3:%';"));

        // The hub's word alone stands for number 2: the operator sees how many such numbers there are.
        var status = await RunAsync(Fr, "status");
        var json = await RunAsync(Fr, "status", "--json");
        Assert.Contains("Alarms       none; 1 numbers the hub declared withdrawn were never received here", status.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(1, document.RootElement.GetProperty("store").GetProperty("withdrawnNeverReceived").GetInt64());
    }

    [Fact]
    public async Task NoticeNamingANumberAtOrAboveItsOwn_IsQuarantinedAsContentInvalid_AndRecordsNothing()
    {
        var entry = HubWithdrawalNotices.Entry(Hub, "FR", await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR")), WithdrawalCause.Expired);

        // The notice is number 2 to FR: naming 5 would excuse, ahead of time, a number the hub has not used yet.
        entry.MessageId = Google.Protobuf.ByteString.CopyFrom(HubProducts.NewId());
        entry.RecipientSequence = 5;
        var notice = await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(entry));
        await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR"));
        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM products;") == 2), "FR stores the product after the notice");

        var quarantined = Assert.Single(await Fr.Store.QuarantinedAsync());
        Assert.Equal((nameof(RejectionReason.ContentInvalid), "hub withdrawal: a recipient_sequence is not before the notice's own"),
            (quarantined.Reason, quarantined.Detail));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM hub_withdrawn;"));
        Assert.Null(Assert.Single(Hub.AcknowledgedReceipts("FR", notice)));
    }

    [Fact]
    public async Task NumberAlreadyWithdrawnAsAnotherMessage_NamedAgainForAHeldCopy_PurgesNothing_AndAlarms()
    {
        var product = HubProducts.Network("FR", "Kufra smuggling ring");
        var sent = await Hub.SendAsHubAsync("FR", product);
        var real = HubWithdrawalNotices.Entry(Hub, "FR", sent, WithdrawalCause.Recalled);
        var other = real.Clone();
        other.MessageId = Google.Protobuf.ByteString.CopyFrom(HubProducts.NewId());
        await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(other));
        await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(real));

        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.HubWithdrawal';") == 2), "FR stores both notices");

        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM inbox WHERE purged_at_ms IS NOT NULL;"));
        Assert.True(DatabaseFiles.Contain(Fr.Store.Database.Path, "Kufra smuggling ring"));
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM hub_withdrawn WHERE recipient_sequence = 1 AND message_id = x'{Convert.ToHexString(other.MessageId.Span)}';"));
        var alarm = Assert.Single(await Fr.Store.AlarmsAsync());
        Assert.Equal((SequenceAlarm.WithdrawalMismatch, 1L), (alarm.Kind, alarm.Expected));
        Assert.Equal(real.MessageId.ToByteArray(), alarm.MessageId);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'hub-withdrawal' AND detail LIKE '%withdrawal-mismatch: the number is already recorded%';"));
    }

    [Fact]
    public async Task GapAlarmRaisedBeforeTheNotice_IsResolvedByIt_AndStatusExitsZeroAgain()
    {
        var withdrawn = await Hub.SendAsHubAsync("FR", HubProducts.Hit("FR", HubProducts.NewId(), "DE"));
        Hub.DropDelivery("FR", withdrawn);
        await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR"));
        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM products;") == 1), "FR stores the product");
        var alarm = Assert.Single(await Fr.Store.AlarmsAsync());
        Assert.Equal((SequenceAlarm.Gap, PartyId.Hub.Uri, 1L, 2L), (alarm.Kind, alarm.Sender, alarm.Expected, alarm.Received));
        Assert.Equal(NodeCommandLine.Failure, (await RunAsync(Fr, "status")).ExitCode);

        await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(HubWithdrawalNotices.Entry(Hub, "FR", withdrawn, WithdrawalCause.Expired)));
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.HubWithdrawal';") == 1), "FR stores the notice");

        Assert.Empty(await Fr.Store.AlarmsAsync());
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM alarms WHERE id = {alarm.Id} AND resolved_at_ms IS NOT NULL AND resolved_by IS NOT NULL;"));
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM audit WHERE action = 'alarm-resolved' AND detail LIKE 'alarm={alarm.Id} sequence-gap expected=1 received=2:%';"));
        var status = await RunAsync(Fr, "status");
        var quarantine = await RunAsync(Fr, "quarantine");
        Assert.True(status.ExitCode == NodeCommandLine.Success, status.ToString());
        Assert.Contains("Sequence alarms: none", quarantine.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GapWithANumberNeitherReceivedNorWithdrawn_StillAlarms()
    {
        var lost = await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR"));
        var withdrawn = await Hub.SendAsHubAsync("FR", HubProducts.Hit("FR", HubProducts.NewId(), "DE"));
        Hub.DropDelivery("FR", lost);
        Hub.DropDelivery("FR", withdrawn);
        await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(HubWithdrawalNotices.Entry(Hub, "FR", withdrawn, WithdrawalCause.Recalled)));

        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.HubWithdrawal';") == 1), "FR stores the notice");

        var alarm = Assert.Single(await Fr.Store.AlarmsAsync());
        Assert.Equal((SequenceAlarm.Gap, PartyId.Hub.Uri, 1L, 3L), (alarm.Kind, alarm.Sender, alarm.Expected, alarm.Received));
    }

    [Fact]
    public async Task WithdrawnMessageStreamedAfterAll_IsStoredWithoutItsContent_AndAlarmsAsAStepBack()
    {
        await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR"));
        var hit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        hit.Matches[1].YourValue = Canary;
        var withdrawn = await Hub.SendAsHubAsync("FR", hit);
        Hub.DropDelivery("FR", withdrawn);
        await Hub.SendAsHubAsync("FR", HubWithdrawalNotices.Of(HubWithdrawalNotices.Entry(Hub, "FR", withdrawn, WithdrawalCause.Recalled)));
        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.HubWithdrawal';") == 1), "FR stores the notice");

        // The hub promised never to stream it again; a store edited behind its back does.
        Hub.InsertDelivery("FR", withdrawn);
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM hits;") == 1), "FR stores the late hit");

        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM hits h JOIN inbox i ON i.local_id = h.inbox_local_id WHERE i.purge_cause = 'recalled' AND length(i.plaintext) = 0;"));
        Assert.False(DatabaseFiles.Contain(Fr.Store.Database.Path, Canary));
        var alarm = Assert.Single(await Fr.Store.AlarmsAsync());
        Assert.Equal((SequenceAlarm.Reorder, 4L, 2L), (alarm.Kind, alarm.Expected, alarm.Received));
    }
}
