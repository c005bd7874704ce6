using Google.Protobuf;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Outbound;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Outbound;

/// <summary>The hub's own messages over a real hub and real subscribers: signed by the hub, opened as a node opens them, gapless.</summary>
public sealed class HubOutboundTests : IAsyncLifetime
{
    private static readonly PartyId FR = PartyId.Member("FR");
    private static readonly PartyId DE = PartyId.Member("DE");
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(extraArgs: "--Hub:RegistryRefresh=00:00:00");

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private HubOutbound Outbound => _hub.Services.GetRequiredService<HubOutbound>();

    private HubStore Store => _hub.Services.GetRequiredService<HubStore>();

    private static HitNotification Notification(byte tag) => new()
    {
        HitId = ByteString.CopyFrom(Enumerable.Repeat(tag, 16).ToArray()),
        Basis = HitBasis.HubIndex,
        Score = 0.9,
    };

    [Fact]
    public async Task SendAsync_HitNotification_MemberOpensAHubSignedH3EnvelopeAndItsReceiptIsKeptNotRelayed()
    {
        var sent = await Outbound.SendAsync(FR, Notification(1));

        var delivery = Assert.Single(await Inbox.ReceiveAsync(_hub, "FR", 1));
        var opened = Inbox.OpenContent(_hub, delivery, "FR");
        var header = opened.Verified.Header;
        Assert.Equal(PartyId.Hub, opened.Verified.SenderParty);
        Assert.Equal(ProtocolVersions.HitNotificationContentType, header.ContentType);
        Assert.Equal(Notification(1), opened.Parse(HitNotification.Parser).GetValueOrThrow());
        Assert.Equal(HandlingCode.H3, header.Handling.Code);
        Assert.True(header.Handling.HubMayRead);
        Assert.Equal([FR.Uri, PartyId.Hub.Uri], header.Recipients.Select(r => r.Party));
        Assert.Equal(sent!.MessageId, header.MessageId.ToByteArray());

        var ack = await DeliveryReceipts.AcknowledgeAsync(_hub, "FR", delivery, opened.Verified);

        Assert.Equal(1u, ack.Acknowledged);
        Assert.Equal(0L, Count("SELECT count(*) FROM deliveries WHERE kind = 2"));
        Assert.Equal(1L, Count("SELECT count(*) FROM deliveries WHERE kind = 1 AND delivery_receipt IS NOT NULL"));
        Assert.Equal(1L, Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.Send}' AND actor = '{PartyId.Hub.Uri}'"));
    }

    [Fact]
    public async Task SendAsync_AcrossARestart_HubAndRecipientSequencesHaveNoGaps()
    {
        await Outbound.SendAsync(FR, Notification(1));
        await Outbound.SendAsync(DE, Notification(2));
        await Outbound.SendAsync(FR, Notification(3));
        _hub = await _hub.RestartAsync();
        await Outbound.SendAsync(FR, Notification(4));
        await Outbound.SendAsync(DE, Notification(5));

        var atFr = (await Inbox.ReceiveAsync(_hub, "FR", 3)).Select(d => Inbox.OpenContent(_hub, d, "FR").Verified.Header).ToList();
        var atDe = (await Inbox.ReceiveAsync(_hub, "DE", 2)).Select(d => Inbox.OpenContent(_hub, d, "DE").Verified.Header).ToList();

        Assert.Equal([1UL, 3UL, 4UL], atFr.Select(h => h.Sequence));
        Assert.Equal([1UL, 2UL, 3UL], atFr.Select(h => h.Recipients.Single(r => r.Party == FR.Uri).Sequence));
        Assert.Equal([2UL, 5UL], atDe.Select(h => h.Sequence));
        Assert.Equal([1UL, 2UL], atDe.Select(h => h.Recipients.Single(r => r.Party == DE.Uri).Sequence));
    }

    [Fact]
    public async Task Enqueue_InsideAWriteThatFails_RollsBackAndTakesNoNumber()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteAsync<bool>(
            context =>
            {
                Outbound.Enqueue(context, FR, Notification(1));
                throw new InvalidOperationException("the caller's own work failed after enqueueing");
            },
            CancellationToken.None));

        await Outbound.SendAsync(FR, Notification(2));

        var delivery = Assert.Single(await Inbox.ReceiveAsync(_hub, "FR", 1));
        var header = Inbox.OpenContent(_hub, delivery, "FR").Verified.Header;
        Assert.Equal(1UL, header.Sequence);
        Assert.Equal(1UL, header.Recipients.Single(r => r.Party == FR.Uri).Sequence);
        Assert.Equal(1L, Count("SELECT count(*) FROM messages"));
    }

    [Fact]
    public async Task SendAsync_ToARevokedOrUnenrolledParty_SendsNothingAndIsAudited()
    {
        await Store.SetMemberStatusAsync(DE, MemberStatus.Revoked, "test");

        Assert.Null(await Outbound.SendAsync(DE, Notification(1)));
        Assert.Null(await Outbound.SendAsync(PartyId.Member("GB"), Notification(2)));

        Assert.Equal(0L, Count("SELECT count(*) FROM messages"));
        Assert.Equal(2L, Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.SendSkipped}'"));
    }

    private long Count(string sql)
    {
        using var connection = Store.Database.OpenReadConnection();
        return (long)connection.Scalar(sql)!;
    }
}
