using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// Delivery receipts the hub relays to the sender as one item (<c>Delivery.delivery_receipt_batch</c>), served by a real
/// hub from a batch row in its store: each receipt is checked and recorded as a single relay is, a bad one is quarantined
/// alone, an empty batch as a whole, and the batch is acknowledged at the hub.
/// </summary>
public sealed class HubLinkReceiptBatchTests : HubLinkTestBase
{
    [Fact]
    public async Task ReceiptBatch_OfDesAndItsReceipts_BothAreRecordedOnTheOutboxMessage_AndTheBatchIsAcknowledged()
    {
        await using var it = CreateNode("IT");
        var (queued, hubSequence) = await SendFromFrAsync("DE", "IT");
        De.StartSubscriber();
        it.StartSubscriber();
        var fromDe = await AcknowledgedReceiptAsync("DE", hubSequence);
        var fromIt = await AcknowledgedReceiptAsync("IT", hubSequence);

        var batch = Hub.InsertReceiptBatch("FR", hubSequence, [fromDe, fromIt]);
        Fr.StartSubscriber();
        await Eventually.TrueAsync(
            async () => (await Fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries.Count == 2, "FR records both receipts of the batch");
        await Eventually.TrueAsync(() => Task.FromResult(Hub.IsAcknowledged(batch)), "FR acknowledges the batch at the hub");

        var deliveries = (await Fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries;
        Assert.Equal([De.Party, it.Party], deliveries.Select(d => d.Recipient));
        Assert.Equal([fromDe.ToByteArray(), fromIt.ToByteArray()], deliveries.Select(d => d.Receipt));
        Assert.Empty(await Fr.Store.QuarantinedAsync());
        await Eventually.TrueAsync(async () => await Fr.Store.GetCursorAsync() >= batch, "FR's cursor moves past the batch");
    }

    [Fact]
    public async Task ReceiptBatch_WithABadReceiptEitherSideOfAGoodOne_RecordsTheGoodOne_QuarantinesEachBadOneAlone_AndKeepsServing()
    {
        var (queued, hubSequence) = await SendFromFrAsync("DE");
        De.StartSubscriber();
        var good = await AcknowledgedReceiptAsync("DE", hubSequence);

        // A byte of DE's signature flipped (fails verification), and a receipt DE really signed for a message IT sent.
        var tampered = good.Clone();
        var signature = tampered.Signature.ToByteArray();
        signature[^1] ^= 0x01;
        tampered.Signature = ByteString.CopyFrom(signature);
        var forIt = SignedStatements.Sign(
            new DeliveryReceipt
            {
                Version = 1,
                MessageId = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16)),
                HeaderSha256 = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)),
                Sender = PartyId.Member("IT").Uri,
                Recipient = De.Party,
                ReceivedAtMs = Hub.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            },
            StatementKind.DeliveryReceipt,
            Hub.Credentials("DE"));

        var batch = Hub.InsertReceiptBatch("FR", hubSequence, [tampered, good, forIt]);
        Fr.StartSubscriber();
        await Eventually.TrueAsync(
            async () => (await Fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries.Count == 1, "FR records the good receipt of the batch");
        await Eventually.TrueAsync(() => Task.FromResult(Hub.IsAcknowledged(batch)), "FR acknowledges the batch at the hub");

        // FR's stream goes on: DE's later message to FR arrives.
        var later = await De.EnqueueAsync("FR");
        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));
        await Eventually.TrueAsync(async () => await Fr.Store.GetReceivedAsync(De.Party, later.MessageId) is not null, "FR stores DE's later message");

        Assert.Equal(good.ToByteArray(), Assert.Single((await Fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries).Receipt);
        var quarantined = await Fr.Store.QuarantinedAsync();
        Assert.Equal(2, quarantined.Count);
        Assert.All(quarantined, q => Assert.Equal(nameof(RejectionReason.ReceiptInvalid), q.Reason));
        Assert.Equal([tampered.ToByteArray(), forIt.ToByteArray()], quarantined.Select(q => q.Envelope));
        Assert.StartsWith($"receipt 1 of 3 in the batch at cursor {batch}: ", quarantined[0].Detail, StringComparison.Ordinal);
        Assert.Equal(
            $"receipt 3 of 3 in the batch at cursor {batch}: the receipt is not signed by its recipient or is for another sender's message",
            quarantined[1].Detail);
        Assert.True(await Fr.Store.GetCursorAsync() >= batch);
    }

    /// <summary>
    /// IT signs a receipt for FR's message that does not bind the header FR sent (all zeros), or names another version,
    /// and a hub that skips its own check relays it: FR quarantines it instead of marking the message delivered to IT
    /// (which IT could later deny having received), records DE's real receipt, and acknowledges the batch.
    /// </summary>
    [Theory]
    [InlineData("header zeros")]
    [InlineData("version 2")]
    public async Task ReceiptBatch_WithAReceiptNotBindingTheHeaderFrSent_IsQuarantined_NotRecorded_AndAcknowledged(string wrong)
    {
        var (queued, hubSequence) = await SendFromFrAsync("DE", "IT");
        De.StartSubscriber();
        var good = await AcknowledgedReceiptAsync("DE", hubSequence);
        var statement = DeliveryReceipt.Parser.ParseFrom(good.Statement);
        statement.Recipient = PartyId.Member("IT").Uri;
        if (wrong == "header zeros")
        {
            statement.HeaderSha256 = ByteString.CopyFrom(new byte[32]);
        }
        else
        {
            statement.Version = 2;
        }

        var forged = SignedStatements.Sign(statement, StatementKind.DeliveryReceipt, Hub.Credentials("IT"));

        var batch = Hub.InsertReceiptBatch("FR", hubSequence, [forged, good]);
        Fr.StartSubscriber();
        await Eventually.TrueAsync(async () => (await Fr.Store.QuarantinedAsync()).Count == 1, "FR quarantines IT's receipt");
        await Eventually.TrueAsync(() => Task.FromResult(Hub.IsAcknowledged(batch)), "FR acknowledges the batch at the hub");

        var quarantined = Assert.Single(await Fr.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.ReceiptInvalid), quarantined.Reason);
        Assert.Contains(wrong == "header zeros" ? "header_sha256" : "version", quarantined.Detail, StringComparison.Ordinal);
        Assert.Equal(forged.ToByteArray(), quarantined.Envelope);
        Assert.Equal(good.ToByteArray(), Assert.Single((await Fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries).Receipt);
    }

    [Fact]
    public async Task ReceiptBatch_Empty_IsQuarantinedAsAWhole_AndAcknowledged()
    {
        var (queued, hubSequence) = await SendFromFrAsync("DE");

        var batch = Hub.InsertReceiptBatch("FR", hubSequence, []);
        Fr.StartSubscriber();
        await Eventually.TrueAsync(async () => (await Fr.Store.QuarantinedAsync()).Count == 1, "FR quarantines the empty batch");
        await Eventually.TrueAsync(() => Task.FromResult(Hub.IsAcknowledged(batch)), "FR acknowledges the empty batch at the hub");

        var quarantined = Assert.Single(await Fr.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.ReceiptInvalid), quarantined.Reason);
        Assert.Equal($"the receipt batch at cursor {batch} holds no receipt", quarantined.Detail);
        Assert.Empty(quarantined.Envelope);
        Assert.Empty((await Fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries);
    }

    /// <summary>FR's message to <paramref name="to"/>, accepted by the hub; its hub sequence.</summary>
    private async Task<(EnqueuedMessage Queued, long HubSequence)> SendFromFrAsync(params string[] to)
    {
        var queued = await Fr.EnqueueAsync(to);
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        return (queued, Hub.HubSequenceOf(Fr.Party, queued.MessageId));
    }

    /// <summary>Waits until member <paramref name="code"/> acknowledged its delivery of the message at <paramref name="hubSequence"/>; its signed receipt.</summary>
    private async Task<SignedStatement> AcknowledgedReceiptAsync(string code, long hubSequence)
    {
        await Eventually.TrueAsync(
            () => Task.FromResult(Hub.AcknowledgedReceipts(code, hubSequence).SingleOrDefault() is not null), $"{code} acknowledges the message");
        return SignedStatement.Parser.ParseFrom(Hub.AcknowledgedReceipts(code, hubSequence).Single());
    }
}
