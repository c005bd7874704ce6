using System.Text;
using Google.Protobuf;
using Grpc.Core;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Lifecycle;

/// <summary>
/// Hub.Lifecycle recalls over real mutual TLS on a real SQLite file (docs/lifecycle.md §3–4): the hub purges its copies
/// from the database and its WAL, every holder gets the order (also one that subscribes only afterwards, and one holding
/// a forwarded copy), confirmations are recorded and relayed to the source, and what may not be done is refused.
/// </summary>
public sealed class RecallTests : IntelligenceHubTests
{
    private const string Canary = "QUIRKSBYWATERFORD";

    /// <summary>The phone as the entities keep it (normalised): content the hub derived, so a purge must remove it.</summary>
    private const string PhoneCanary = "218912345678";

    private async Task<long> ReportAsync(string from = "FR", string[]? to = null, HandlingCode code = HandlingCode.H1)
    {
        var hubSequence = await Messages.SubmitAsync(from, IntelMessages.AboutPerson(from + "-1", Canary, "Mohamed Ali", "+218 91 234 5678", code), to ?? ["IPSG", "IT", "DE"]);
        await Messages.ProcessedAsync(hubSequence);
        return hubSequence;
    }

    private byte[] Files()
    {
        var store = Hub.Services.GetRequiredService<HubStore>();
        return DatabaseFiles.Bytes(store.Database.Path);
    }

    private byte[] Entities(long hubSequence)
    {
        using var connection = Hub.Services.GetRequiredService<HubStore>().Database.OpenReadConnection();
        return (byte[])connection.Scalar($"SELECT entities FROM message_entities WHERE hub_sequence = {hubSequence}")!;
    }

    private static bool Holds(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [Fact]
    public async Task Lifecycle_Recall_PurgesTheHubsCopiesFromTheDatabaseAndWal()
    {
        var fr = await ReportAsync();
        var ciphertext = Messages.Sealed[fr].Bytes.Span[^64..].ToArray();
        var canary = Encoding.UTF8.GetBytes(PhoneCanary);
        var entities = Entities(fr);
        var before = Files();
        Assert.True(Holds(before, ciphertext), "the envelope is stored before the recall");
        Assert.True(Holds(before, canary), "the entities hold the phone before the recall");
        Assert.True(Holds(before, entities), "the entities row is stored before the recall");

        var response = await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(Messages.Sealed[fr], "FR"), "FR"));

        Assert.False(response.Duplicate);
        Assert.Equal(["urn:hst:member:DE", "urn:hst:member:IT"], LifecycleClient.Receipt(Hub, response).Holders.Order(StringComparer.Ordinal));
        var after = Files();
        Assert.False(Holds(after, ciphertext), "the envelope's bytes are gone from the files");
        Assert.False(Holds(after, canary), "the phone is gone from the files");
        Assert.False(Holds(after, entities), "the entities row is gone from the files");
        Assert.Equal(0L, HubInbox.Count(Hub, $"SELECT count(*) FROM message_entities WHERE hub_sequence = {fr}"));
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM message_lifecycle WHERE hub_sequence = {fr} AND state = 2 AND purged_at_ms IS NOT NULL"));
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = '{AuditActions.Lifecycle}'"));
    }

    [Fact]
    public async Task Lifecycle_Recall_ReachesAnOfflineHolderAndAForwardedCopyHolder_ConfirmationsRelayedToTheSource()
    {
        // FR reports to the hub and IT; DE reports the same person; FR releases its message to DE (a forwarded copy).
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2), ["IPSG", "IT"]);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
        await Messages.ProcessedAsync(de);
        var hit = Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));
        var consent = ForwardConsents.Grant(Messages.Sealed[fr], [PartyId.Member("DE")], Hub.Credentials("FR"), DateTimeOffset.UtcNow);
        await Hub.Client("FR").ReleaseAsync(new ReleaseRequest { HitId = hit.HitId, Consent = consent });

        var response = await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(Messages.Sealed[fr], "FR"), "FR"));

        Assert.Equal(["urn:hst:member:DE", "urn:hst:member:IT"], LifecycleClient.Receipt(Hub, response).Holders.Order(StringComparer.Ordinal));
        Assert.Equal(2L, HubInbox.Count(Hub, "SELECT count(*) FROM lifecycle_holders WHERE outcome IS NULL"));
        Assert.Equal(1L, HubInbox.Count(Hub, "SELECT count(*) FROM lifecycle_holders WHERE holder = 'urn:hst:member:DE' AND forwarded_copy = 1"));

        // IT never subscribed before the recall: its stream holds the order, not the withdrawn envelope.
        var atIt = Assert.Single(await Inbox.ReceiveAsync(Hub, "IT", 1));
        Assert.NotNull(atIt.LifecycleOrder);
        Assert.DoesNotContain(await HubInbox.EnvelopesAsync(Hub, "IT"), d => d.HubSequence == fr);
        await LifecycleClient.ConfirmAsync(Hub, "IT", atIt, LifecycleOutcome.NotHeld);
        Assert.Equal(1L, HubInbox.Count(Hub, "SELECT count(*) FROM lifecycle_holders WHERE outcome IS NULL"));

        // DE's stream holds the order and the hub's notice of its notification's withdrawal only: the recall withdrew its
        // forwarded copy and the hit's notification (PurgedHitTests, HubWithdrawalTests).
        var streamedToDe = await Inbox.ReceiveAsync(Hub, "DE", 2);
        var atDe = Assert.Single(streamedToDe, d => d.LifecycleOrder is not null);
        Assert.Single(await HubInbox.WithdrawalsAsync(Hub, "DE"));
        Assert.Single(await HubInbox.EnvelopesAsync(Hub, "DE"));
        await LifecycleClient.ConfirmAsync(Hub, "DE", atDe, LifecycleOutcome.Purged);

        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM lifecycle_holders WHERE outcome IS NULL"));
        // FR's stream: the hub's notice of its own notification's withdrawal, then both confirmations.
        var atFr = await Inbox.ReceiveAsync(Hub, "FR", 3);
        var relayed = atFr.Where(d => d.LifecycleConfirmation is not null)
            .Select(d => LifecycleConfirmation.Parser.ParseFrom(d.LifecycleConfirmation.Statement))
            .ToDictionary(c => c.Holder, c => c.Outcome);
        Assert.Equal(LifecycleOutcome.NotHeld, relayed["urn:hst:member:IT"]);
        Assert.Equal(LifecycleOutcome.Purged, relayed["urn:hst:member:DE"]);
        Assert.Equal(2L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = '{AuditActions.LifecycleConfirmation}'"));
    }

    [Fact]
    public async Task Acknowledge_LifecycleOrderWithoutAValidConfirmation_IsConfirmationInvalidAndNothingIsRecorded()
    {
        var fr = await ReportAsync();
        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(Messages.Sealed[fr], "FR"), "FR"));
        var order = (await Inbox.ReceiveAsync(Hub, "IT", 1)).Single(d => d.LifecycleOrder is not null);

        var bare = await Assert.ThrowsAsync<RpcException>(() => Hub.Client("IT").AcknowledgeAsync(new AcknowledgeRequest
        {
            Acknowledgements = { new Acknowledgement { Cursor = order.Cursor } },
        }).ResponseAsync);
        var other = LifecycleClient.Sign(Hub, LifecycleClient.Order(Messages.Sealed[fr], "FR"), "FR");
        var wrongOrder = LifecycleConfirmations.Confirm(other, LifecycleOrder.Parser.ParseFrom(other.Statement), LifecycleOutcome.Purged, Hub.Credentials("IT"), DateTimeOffset.UtcNow);
        var mismatched = await Assert.ThrowsAsync<RpcException>(() => Hub.Client("IT").AcknowledgeAsync(new AcknowledgeRequest
        {
            Acknowledgements = { new Acknowledgement { Cursor = order.Cursor, LifecycleConfirmation = wrongOrder } },
        }).ResponseAsync);

        Assert.All([bare, mismatched], error => Assert.Equal(StatusCode.InvalidArgument, error.StatusCode));
        Assert.All([bare, mismatched], error => Assert.Equal(RejectionReason.ConfirmationInvalid, Errors.RejectionTrailer.Read(error)!.Reason));
        Assert.Equal(2L, HubInbox.Count(Hub, "SELECT count(*) FROM lifecycle_holders WHERE outcome IS NULL"));
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM deliveries WHERE kind = 4"));
        Assert.Equal(2L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = 'reject' AND detail = '{RejectionReason.ConfirmationInvalid}'"));
    }

    [Fact]
    public async Task Lifecycle_SameOrderTwice_ReturnsTheFirstReceiptMarkedDuplicate_AnotherOrderWithItsIdIsRefused()
    {
        var fr = await ReportAsync();
        var order = LifecycleClient.Order(Messages.Sealed[fr], "FR");
        var signed = LifecycleClient.Sign(Hub, order, "FR");

        var first = await LifecycleClient.SendAsync(Hub, "FR", signed);
        var second = await LifecycleClient.SendAsync(Hub, "FR", signed);
        order.Recall.Note = "another note";
        var reused = await LifecycleClient.RefusedAsync(Hub, "FR", LifecycleClient.Sign(Hub, order, "FR"), StatusCode.InvalidArgument);

        Assert.True(second.Duplicate);
        Assert.Equal(first.Receipt, second.Receipt);
        Assert.Equal(RejectionReason.LifecycleOrderInvalid, reused.Reason);
        Assert.Equal(2L, HubInbox.Count(Hub, "SELECT count(*) FROM deliveries WHERE kind = 3"));
    }

    [Fact]
    public async Task Lifecycle_OrdersThatMayNotBeApplied_AreRefusedWithTheirReasonAndAudited()
    {
        var fr = await ReportAsync(code: HandlingCode.H2);
        var sealedFr = Messages.Sealed[fr];

        // DE about FR's message: as its own source (not the sender) and sending FR's own order (not the issuer).
        var notSender = await LifecycleClient.RefusedAsync(Hub, "DE", LifecycleClient.Sign(Hub, LifecycleClient.Order(sealedFr, "DE"), "DE"), StatusCode.PermissionDenied);
        var notIssuer = await LifecycleClient.RefusedAsync(Hub, "DE", LifecycleClient.Sign(Hub, LifecycleClient.Order(sealedFr, "FR"), "FR"), StatusCode.PermissionDenied);
        var forged = LifecycleClient.Sign(Hub, LifecycleClient.Order(sealedFr, "FR"), "FR");
        var tampered = forged.Statement.ToByteArray();
        tampered[^1] ^= 1;
        forged.Statement = ByteString.CopyFrom(tampered);
        var badSignature = await LifecycleClient.RefusedAsync(Hub, "FR", forged, StatusCode.InvalidArgument);
        var unknown = await LifecycleClient.RefusedAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(sealedFr, "FR", o => o.MessageId = ByteString.CopyFrom(Protocol.Identities.MessageIds.NewId(DateTimeOffset.UtcNow, Protocol.Crypto.SystemRandomSource.Instance))), "FR"), StatusCode.NotFound);
        var otherHeader = await LifecycleClient.RefusedAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(sealedFr, "FR", o => o.HeaderSha256 = ByteString.CopyFrom(new byte[32])), "FR"), StatusCode.NotFound);
        var loosens = await LifecycleClient.RefusedAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(sealedFr, "FR", o => o.Restriction = new RestrictionOrder { Code = HandlingCode.H1 }), "FR"), StatusCode.FailedPrecondition);
        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(sealedFr, "FR"), "FR"));
        var again = await LifecycleClient.RefusedAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(sealedFr, "FR"), "FR"), StatusCode.FailedPrecondition);

        Assert.Equal(RejectionReason.NotSource, notSender.Reason);
        Assert.Equal(RejectionReason.NotSource, notIssuer.Reason);
        Assert.Equal(RejectionReason.LifecycleOrderInvalid, badSignature.Reason);
        Assert.Equal(RejectionReason.MessageUnknown, unknown.Reason);
        Assert.Equal(RejectionReason.MessageUnknown, otherHeader.Reason);
        Assert.Equal(RejectionReason.RestrictionLoosens, loosens.Reason);
        Assert.Equal(RejectionReason.MessageWithdrawn, again.Reason);
        Assert.Equal(2L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = 'reject' AND actor = 'urn:hst:member:DE' AND detail = '{RejectionReason.NotSource}'"));
        Assert.Equal(1L, HubInbox.Count(Hub, "SELECT count(*) FROM lifecycle_orders"));
    }
}
