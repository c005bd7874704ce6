using Google.Protobuf;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// A delivery receipt relayed after the source purged its own copy (<see cref="NodeStore.SentHeaderSha256"/>'s fallback):
/// FR's retention sweep drops the kept envelope while DE's receipt waits at the hub for FR, so the header hash a receipt
/// must name comes from the outbox row's tombstone. DE's receipt, binding the header FR sent, is recorded; one that a hub
/// skipping its own check relays beside it for IT, naming another header, is quarantined as ReceiptInvalid. One fake clock for hub and
/// nodes; the hub's own retention schedule is off, so it keeps relaying what FR no longer holds.
/// </summary>
public sealed class HubLinkPurgedSourceReceiptTests() : HubLinkTestBase(Clock, NeverWaitingOnTheClock, "--Hub:Retention:Enabled=false")
{
    private static FakeTimeProvider Clock => new(TimeProvider.System.GetUtcNow());

    private FakeTimeProvider Time => (FakeTimeProvider)Hub.Time;

    [Fact]
    public async Task Receipts_RelayedAfterFrsSweepPurgedItsCopy_AreCheckedAgainstTheTombstonesHeaderHash_DesRecorded_AMismatchQuarantined()
    {
        var retainUntil = Time.GetUtcNow().AddDays(1);
        var queued = await Fr.Store.EnqueueAsync(new OutboxItem(
            MessageIds.NewId(Time.GetUtcNow(), SystemRandomSource.Instance), "operator:test", RetainedUntil(retainUntil).ToByteArray(), [De.Party, PartyId.Member("IT").Uri]));
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var hubSequence = Hub.HubSequenceOf(Fr.Party, queued.MessageId);
        var headerSent = Fr.Store.SentHeaderSha256(queued.MessageId)!;
        De.StartSubscriber();
        await Eventually.TrueAsync(
            () => Task.FromResult(Hub.AcknowledgedReceipts("DE", hubSequence).SingleOrDefault() is not null), "DE acknowledges FR's message");
        var fromDe = SignedStatement.Parser.ParseFrom(Hub.AcknowledgedReceipts("DE", hubSequence).Single());

        // FR's own sweep at the retention date: the envelope is gone, the tombstone keeps the header's hash.
        Time.SetUtcNow(retainUntil);
        Assert.Equal(1, await Fr.Store.SweepRetentionAsync(Fr.Party));
        Assert.Null((await Fr.Store.GetOutboxAsync(queued.LocalId))!.Envelope);
        Assert.Equal(headerSent, Fr.Store.SentHeaderSha256(queued.MessageId));

        var statement = DeliveryReceipt.Parser.ParseFrom(fromDe.Statement);
        statement.Recipient = PartyId.Member("IT").Uri;
        statement.HeaderSha256 = ByteString.CopyFrom(new byte[32]);
        var mismatched = SignedStatements.Sign(statement, StatementKind.DeliveryReceipt, Hub.Credentials("IT"));
        // The batch stands in for the hub's relay of DE's receipt (as it would for the receipts of one Acknowledge call).
        Hub.InsertReceiptBatch("FR", hubSequence, [mismatched, fromDe]);
        Fr.StartSubscriber();
        await Eventually.TrueAsync(
            async () => (await Fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries.Count + (await Fr.Store.QuarantinedAsync()).Count == 2,
            "FR handles both receipts of the batch");

        var quarantined = Assert.Single(await Fr.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.ReceiptInvalid), quarantined.Reason);
        Assert.EndsWith("the receipt's header_sha256 is not the header this node sent", quarantined.Detail, StringComparison.Ordinal);
        Assert.Equal(mismatched.ToByteArray(), quarantined.Envelope);
        Assert.Equal(fromDe.ToByteArray(), Assert.Single((await Fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries).Receipt);
    }

    /// <summary>An H1 message to DE and IT that the hub may not read, kept until <paramref name="retainUntil"/>.</summary>
    private static HstMessage RetainedUntil(DateTimeOffset retainUntil)
    {
        var message = SampleMessages.Realistic(retainUntil.AddDays(-1));
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = new Addressees { Members = { "DE", "IT" } };
        message.Handling.HubMayRead = false;
        message.Handling.RetainUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(retainUntil);
        return message;
    }
}
