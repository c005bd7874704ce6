using System.Text.Json;
using Google.Protobuf;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.Lifecycle;

/// <summary>
/// A message that expires before a recipient ever fetched it is reported to its source (docs/lifecycle.md §5, THREATS.md
/// item 27), over a real hub and FR's and DE's real nodes on one fake clock: DE stays offline through the retention date,
/// the hub expires the message, FR's node stores the hub's ExpiryReport and `status` and `show` name DE as never
/// delivered; DE, back, is sent the expiry order alone and keeps nothing of the message.
/// </summary>
public sealed class ExpiryReportTests() : CommandLineTestBase(Clock, NeverWaitingOnTheClock, "--Hub:Retention:Enabled=false")
{
    private static FakeTimeProvider Clock => new(TimeProvider.System.GetUtcNow());

    private FakeTimeProvider Time => (FakeTimeProvider)Hub.Time;

    [Fact]
    public async Task Expiry_WhileDeWasOfflineThroughTheDate_FrsStatusAndShowNameDeAsNeverDelivered_AndDeGetsTheOrderAlone()
    {
        var sentAt = Time.GetUtcNow();
        var retainUntil = sentAt.AddDays(1);
        var messageId = await SendToDeAsync(retainUntil);
        var id = MessageIds.Format(messageId);

        Time.SetUtcNow(retainUntil);
        await Hub.RunRetentionAsync();
        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM expiry_reports;") == 1), "FR stores the hub's expiry report");

        Assert.Empty(await Fr.Store.QuarantinedAsync());
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'expiry-report';"));
        // `status` on the wall clock: its clock check compares the node's time with what the hub reports, the real one.
        var status = await RunAsync(Fr, TimeProvider.System, "status");
        Assert.Contains("1 messages of this NCB expired before some recipients acknowledged them", status, StringComparison.Ordinal);
        Assert.Contains($"undelivered {id} expired {Display.Time(retainUntil.ToUnixTimeMilliseconds())}: DE (never delivered, queued since ", status, StringComparison.Ordinal);
        using var statusJson = JsonDocument.Parse(await RunAsync(Fr, TimeProvider.System, "status", "--json"));
        var expired = statusJson.RootElement.GetProperty("lifecycle").GetProperty("expiredUndelivered");
        Assert.Equal(1, expired.GetProperty("count").GetInt64());
        var de = Assert.Single(Assert.Single(expired.GetProperty("items").EnumerateArray()).GetProperty("undelivered").EnumerateArray());
        Assert.Equal(("DE", false), (de.GetProperty("recipient").GetString(), de.GetProperty("streamed").GetBoolean()));

        var show = await RunAsync(Fr, Time, "show", id);
        Assert.Contains("EXPIRED UNDELIVERED (hub report)", show, StringComparison.Ordinal);
        Assert.Contains("never acknowledged by DE (never delivered, queued since ", show, StringComparison.Ordinal);
        using var showJson = JsonDocument.Parse(await RunAsync(Fr, Time, "show", id, "--json"));
        var report = Assert.Single(showJson.RootElement.GetProperty("outbox").GetProperty("expiredUndelivered").EnumerateArray());
        Assert.Equal("DE", Assert.Single(report.GetProperty("undelivered").EnumerateArray()).GetProperty("recipient").GetString());

        // DE, back: the expiry order alone (its envelope delivery was withdrawn with the hub's copies), nothing stored.
        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.TombstoneAsync(messageId) is not null, "DE records the expiry");
        Assert.Equal(0, De.Count("SELECT COUNT(*) FROM inbox;"));
        Assert.Equal(1, De.Count("SELECT COUNT(*) FROM tombstones WHERE outcome = 2 AND box IS NULL;"));
    }

    [Fact]
    public async Task ExpiryReport_AfterFrsOwnSweepPurgedItsCopy_IsStoredAndShown_NothingQuarantined()
    {
        // FR offline at expiry: back, its retention sweep runs at once and purges its copy (envelope blanked) before the
        // hub link streams the report, which is then checked against the outbox tombstone's header hash.
        var retainUntil = Time.GetUtcNow().AddDays(1);
        var messageId = await SendToDeAsync(retainUntil);
        var id = MessageIds.Format(messageId);

        Time.SetUtcNow(retainUntil);
        await Hub.RunRetentionAsync();
        Assert.Equal(1, await Fr.Store.SweepRetentionAsync(Fr.Party));
        Assert.Null((await Fr.Store.GetOutboxByMessageIdAsync(messageId))!.Envelope);
        Fr.StartSubscriber();
        await Eventually.TrueAsync(
            () => Task.FromResult(Fr.Count("SELECT (SELECT COUNT(*) FROM expiry_reports) + (SELECT COUNT(*) FROM quarantine);") > 0),
            "FR stores or quarantines the hub's expiry report");

        Assert.Empty(await Fr.Store.QuarantinedAsync());
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM expiry_reports;"));
        var status = await RunAsync(Fr, TimeProvider.System, "status");
        Assert.Contains($"undelivered {id} expired {Display.Time(retainUntil.ToUnixTimeMilliseconds())}: DE (never delivered, queued since ", status, StringComparison.Ordinal);
        var show = await RunAsync(Fr, Time, "show", id);
        Assert.Contains("EXPIRED UNDELIVERED (hub report)", show, StringComparison.Ordinal);
        Assert.Contains("never acknowledged by DE (never delivered, queued since ", show, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiryReport_OfAMessageThisNodeNeverSent_IsQuarantined_NothingStored()
    {
        // FR has sent a message; the report names another one.
        await SendToDeAsync(Time.GetUtcNow().AddDays(1));
        var other = MessageIds.NewId(Time.GetUtcNow(), SystemRandomSource.Instance);
        await Hub.SendAsHubAsync("FR", new ExpiryReport
        {
            MessageId = ByteString.CopyFrom(other),
            HeaderSha256 = ByteString.CopyFrom(new byte[32]),
            ExpiryOrderId = ByteString.CopyFrom(MessageIds.NewId(Time.GetUtcNow(), SystemRandomSource.Instance)),
            RetainUntilMs = 1,
            ExpiredAtMs = 1,
            Undelivered = { new UndeliveredCopy { Recipient = De.Party, QueuedAtMs = 1 } },
        });
        Fr.StartSubscriber();

        await Eventually.TrueAsync(async () => (await Fr.Store.QuarantinedAsync()).Count == 1, "FR quarantines the report");
        var quarantined = Assert.Single(await Fr.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.ContentInvalid), quarantined.Reason);
        Assert.Contains("expiry report: it names no message this node sent", quarantined.Detail, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM expiry_reports;"));
    }

    /// <summary>`hst-node` run in-process on <paramref name="clock"/>; its standard output, once it succeeded.</summary>
    private async Task<string> RunAsync(TestNode node, TimeProvider clock, string command, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await NodeCommandLine.RunAsync([command, .. Settings(node), .. args], stdout, stderr, clock);
        Assert.True(code == NodeCommandLine.Success, $"exit {code}: {stdout}{stderr}");
        return stdout.ToString();
    }

    /// <summary>FR's H1 message to DE kept until <paramref name="retainUntil"/>, accepted by the hub; DE's subscriber is not started.</summary>
    private async Task<byte[]> SendToDeAsync(DateTimeOffset retainUntil)
    {
        var now = Time.GetUtcNow();
        var message = SampleMessages.Realistic(now);
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        message.Handling.HubMayRead = false;
        message.Handling.RetainUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(retainUntil);
        var queued = await Fr.Store.EnqueueAsync(new OutboxItem(MessageIds.NewId(now, SystemRandomSource.Instance), "operator:test", message.ToByteArray(), [De.Party]));
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        return queued.MessageId;
    }
}
