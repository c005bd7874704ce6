using Google.Protobuf;
using HstFederation.Node.HubLink;
using HstFederation.Node.Search;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Storage;

namespace HstFederation.Node.Tests.Lifecycle;

/// <summary>
/// A holder (DE) applying its source's (FR) orders to a message it received over the real hub link (real Kestrel, mutual
/// TLS, SQLite files). The hub on this branch does not relay orders yet, so the orders are built and signed here with
/// the members' real credentials and handed to the subscriber's <see cref="LifecycleOrderReceiver"/> as a Delivery would.
/// </summary>
public sealed class LifecycleOrderReceiveTests : HubLinkTestBase
{
    private const string Canary = "Zuwara";

    [Fact]
    public async Task Recall_PurgesTheCopyFromTheFilesAndTheIndex_KeepsATombstoneWithTheOrder_ConfirmsSignedPurged()
    {
        var (messageId, headerHash) = await DeliverToDeAsync();
        Assert.True(DatabaseFiles.Contain(De.Store.Database.Path, Canary));
        Assert.NotEmpty(await SearchDeAsync());

        var order = Sign(Order(messageId, headerHash, "FR", o => o.Recall = new RecallOrder { Reason = RecallReason.Inaccurate }), "FR");
        var applied = await ReceiverOfDe().ApplyAsync(order, CancellationToken.None);

        Assert.False(applied.IsRefused);
        Assert.Equal(LifecycleOutcome.Purged, applied.Outcome);
        var confirmation = LifecycleConfirmations.Verify(applied.Confirmation, order, PartyId.Member("DE"), Hub.Trust);
        Assert.True(confirmation.IsSuccess);
        Assert.Equal(LifecycleOutcome.Purged, confirmation.Value.Statement.Outcome);

        Assert.False(DatabaseFiles.Contain(De.Store.Database.Path, Canary));
        Assert.Empty(await SearchDeAsync());
        Assert.Equal(0, De.Count("SELECT COUNT(*) FROM inbox WHERE length(plaintext) > 0 OR length(envelope) > 0;"));
        var tombstone = (await De.Store.TombstoneAsync(messageId))!;
        Assert.Equal((Fr.Party, LifecyclePurge.Recalled, LifecycleOutcome.Purged), (tombstone.Sender, tombstone.Cause, tombstone.Outcome));
        Assert.Equal(order.ToByteArray(), tombstone.OrderStatement);

        // Delivered again (the acknowledgement was lost): the same confirmation, nothing applied twice.
        var again = await ReceiverOfDe().ApplyAsync(order, CancellationToken.None);
        Assert.Equal(applied.Confirmation, again.Confirmation);
        Assert.Equal(1, De.Count("SELECT COUNT(*) FROM lifecycle_orders_received;"));
    }

    [Fact]
    public async Task Recall_OfAMessageNeverHeld_IsNotHeld_AndALaterEnvelopeOfItIsNeverStored()
    {
        var message = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var headerHash = System.Security.Cryptography.SHA256.HashData(
            Envelope.Parser.ParseFrom((await Fr.Store.GetOutboxAsync(message.LocalId))!.Envelope).Header.Span);
        var order = Sign(Order(message.MessageId, headerHash, "FR", o => o.Recall = new RecallOrder { Reason = RecallReason.SentInError }), "FR");

        var applied = await ReceiverOfDe().ApplyAsync(order, CancellationToken.None);
        Assert.Equal(LifecycleOutcome.NotHeld, applied.Outcome);

        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetCursorAsync() > 0, "DE acknowledges the envelope of the recalled message");
        Assert.Null(await De.Store.GetReceivedAsync(Fr.Party, message.MessageId));
        Assert.False(DatabaseFiles.Contain(De.Store.Database.Path, Canary));
        Assert.Equal(1, De.Count("SELECT COUNT(*) FROM audit WHERE action = 'receive-withdrawn';"));
    }

    [Fact]
    public async Task Order_SignedByAnotherMemberThanTheSender_IsRefusedAsNotSource_NothingApplied()
    {
        var (messageId, headerHash) = await DeliverToDeAsync();
        var order = Sign(Order(messageId, headerHash, "IT", o => o.Recall = new RecallOrder { Reason = RecallReason.Other }), "IT");

        var applied = await ReceiverOfDe().ApplyAsync(order, CancellationToken.None);

        Assert.Equal(RejectionReason.NotSource, applied.Refusal);
        AssertUntouched();
    }

    [Fact]
    public async Task Order_Tampered_IsRefusedAsInvalid_NothingApplied()
    {
        var (messageId, headerHash) = await DeliverToDeAsync();
        var order = Sign(Order(messageId, headerHash, "FR", o => o.Recall = new RecallOrder { Reason = RecallReason.Other }), "FR");
        var bytes = order.Statement.ToByteArray();
        bytes[^1] ^= 0x01;
        order.Statement = ByteString.CopyFrom(bytes);

        var applied = await ReceiverOfDe().ApplyAsync(order, CancellationToken.None);

        Assert.Equal(RejectionReason.LifecycleOrderInvalid, applied.Refusal);
        AssertUntouched();
    }

    [Fact]
    public async Task Order_ForAnotherHeaderHash_IsRefusedAsMessageUnknown_NothingApplied()
    {
        var (messageId, _) = await DeliverToDeAsync();
        var order = Sign(Order(messageId, new byte[32], "FR", o => o.Recall = new RecallOrder { Reason = RecallReason.Other }), "FR");

        Assert.Equal(RejectionReason.MessageUnknown, (await ReceiverOfDe().ApplyAsync(order, CancellationToken.None)).Refusal);
        AssertUntouched();
    }

    [Fact]
    public async Task Expiry_BeforeTheRetentionDateThisNodeHolds_IsRefused_NothingApplied()
    {
        var (messageId, headerHash) = await DeliverToDeAsync();
        var order = Order(messageId, headerHash, "FR", o => o.Expiry = new RetentionExpiry { RetainUntilMs = Hub.Time.GetUtcNow().ToUnixTimeMilliseconds() });
        order.Issuer = PartyId.Hub.Uri;
        var signed = LifecycleOrders.Sign(order, Hub.HubCredentials);

        var applied = await ReceiverOfDe().ApplyAsync(signed, CancellationToken.None);

        Assert.Equal(RejectionReason.LifecycleOrderInvalid, applied.Refusal);
        Assert.Contains("before the retention date", applied.Detail, StringComparison.Ordinal);
        AssertUntouched();
    }

    [Fact]
    public async Task Restriction_ExcludingThisNode_Purges()
    {
        var (messageId, headerHash) = await DeliverToDeAsync();
        var order = Sign(Order(messageId, headerHash, "FR", o => o.Restriction = new RestrictionOrder { ExcludeMembers = { "DE" } }), "FR");

        var applied = await ReceiverOfDe().ApplyAsync(order, CancellationToken.None);

        Assert.Equal(LifecycleOutcome.Purged, applied.Outcome);
        Assert.False(DatabaseFiles.Contain(De.Store.Database.Path, Canary));
        Assert.Equal(LifecyclePurge.Restricted, (await De.Store.TombstoneAsync(messageId))!.Cause);
    }

    [Fact]
    public async Task Restriction_NotExcludingThisNode_IsApplied_WithTheEffectiveHandlingStored()
    {
        var (messageId, headerHash) = await DeliverToDeAsync();
        var order = Sign(Order(messageId, headerHash, "FR", o => o.Restriction = new RestrictionOrder { Code = HandlingCode.H2, ExcludeMembers = { "IT" } }), "FR");

        var applied = await ReceiverOfDe().ApplyAsync(order, CancellationToken.None);

        Assert.Equal(LifecycleOutcome.Applied, applied.Outcome);
        using var connection = De.Store.Database.OpenReadConnection();
        var effective = Handling.Parser.ParseFrom((byte[])connection.Scalar("SELECT effective_handling FROM inbox;")!);
        Assert.Equal(HandlingCode.H2, effective.Code);
        Assert.Contains("IT", effective.Addressees.ExcludedMembers);
        Assert.True(DatabaseFiles.Contain(De.Store.Database.Path, Canary));
    }

    [Fact]
    public async Task Extension_MovesTheEffectiveRetentionDate_Applied()
    {
        var (messageId, headerHash) = await DeliverToDeAsync();
        var until = Hub.Time.GetUtcNow().AddYears(4).ToUnixTimeMilliseconds();
        var order = Sign(Order(messageId, headerHash, "FR", o => o.Extension = new RetentionExtension { RetainUntilMs = until, Justification = "trial pending" }), "FR");

        Assert.Equal(LifecycleOutcome.Applied, (await ReceiverOfDe().ApplyAsync(order, CancellationToken.None)).Outcome);
        Assert.Equal(until, De.Count("SELECT retain_until_ms FROM inbox;"));
    }

    private void AssertUntouched()
    {
        Assert.True(DatabaseFiles.Contain(De.Store.Database.Path, Canary));
        Assert.Equal(0, De.Count("SELECT COUNT(*) FROM lifecycle_orders_received;"));
        Assert.Equal(0, De.Count("SELECT COUNT(*) FROM tombstones;"));
        Assert.Equal(0, De.Count("SELECT COUNT(*) FROM inbox WHERE purged_at_ms IS NOT NULL OR effective_handling IS NOT NULL;"));
    }

    private async Task<(byte[] MessageId, byte[] HeaderHash)> DeliverToDeAsync()
    {
        var message = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, message.MessageId) is not null, "DE stores FR's message");
        await De.StopSubscriberAsync();
        return (message.MessageId, (await De.Store.GetReceivedAsync(Fr.Party, message.MessageId))!.Message.HeaderHash);
    }

    private Task<IReadOnlyList<EntityHit>> SearchDeAsync() => De.Store.SearchAsync(new EntityQuery(SearchKind.Name, "AL-SALHI"), "operator:test");

    private LifecycleOrderReceiver ReceiverOfDe() => new(De.Store, De.Directory, Hub.Credentials("DE"), De.Trust);

    private LifecycleOrder Order(byte[] messageId, byte[] headerHash, string source, Action<LifecycleOrder> action)
    {
        var now = Hub.Time.GetUtcNow();
        var order = new LifecycleOrder
        {
            Version = LifecycleOrders.CurrentVersion,
            OrderId = ByteString.CopyFrom(MessageIds.NewId(now, SystemRandomSource.Instance)),
            MessageId = ByteString.CopyFrom(messageId),
            Source = PartyId.Member(source).Uri,
            HeaderSha256 = ByteString.CopyFrom(headerHash),
            Issuer = PartyId.Member(source).Uri,
            IssuedAtMs = now.ToUnixTimeMilliseconds(),
        };
        action(order);
        return order;
    }

    private SignedStatement Sign(LifecycleOrder order, string signer) => LifecycleOrders.Sign(order, Hub.Credentials(signer));
}
