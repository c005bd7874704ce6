using Google.Protobuf;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>Acknowledgements store the recipient's receipt and relay it to the source exactly once.</summary>
public sealed class HubStoreAcknowledgeTests
{
    [Fact]
    public async Task AcknowledgeAsync_EnvelopeDelivery_StoresReceiptAndRelaysItOnceToTheSender()
    {
        await using var temp = TempStore.Create();
        await temp.Store.SubmitAsync(Make(FR, 1, DE, IT));
        var delivery = Assert.Single(await temp.Store.ReadDeliveriesAsync(DE, 0, 10));
        var receipt = DeliveryReceipt("DE received it");

        var first = await temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(delivery.Cursor, receipt)]);
        var second = await temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(delivery.Cursor, DeliveryReceipt("again"))]);

        Assert.Equal(new AcknowledgeResult(AcknowledgeStatus.Acknowledged, 1, 1, null), first);
        Assert.Equal(new AcknowledgeResult(AcknowledgeStatus.Acknowledged, 1, 0, null), second);
        var relayed = Assert.Single(await temp.Store.ReadDeliveriesAsync(FR, 0, 10));
        Assert.Equal(DeliveryKind.DeliveryReceipt, relayed.Kind);
        Assert.True(relayed.Batched);
        Assert.Equal(receipt, Assert.Single(relayed.ToDelivery().DeliveryReceiptBatch.Receipts).ToByteArray());
        Assert.Equal(relayed.Cursor, temp.Count($"SELECT relayed_in FROM deliveries WHERE cursor = {delivery.Cursor};"));
        Assert.True(relayed.Cursor > delivery.Cursor);
        Assert.True((await temp.Store.ReadDeliveriesAsync(DE, 0, 10))[0].Acknowledged);
        // Stored once, in the relay: the delivery row only names it.
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM deliveries WHERE kind = 1 AND delivery_receipt IS NOT NULL;"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'acknowledge';"));
        // The batch apart from its row (migration 12): the deliveries table keeps small rows.
        Assert.Equal(0, temp.Count($"SELECT length(delivery_receipt) FROM deliveries WHERE cursor = {relayed.Cursor};"));
        Assert.Equal(relayed.Payload.Length, temp.Count($"SELECT length(receipts) FROM relayed_receipts WHERE cursor = {relayed.Cursor};"));
    }

    [Fact]
    public async Task AcknowledgeAsync_TwoRecipients_SenderReceivesBothReceipts()
    {
        await using var temp = TempStore.Create();
        await temp.Store.SubmitAsync(Make(FR, 1, DE, IT));
        var forDe = (await temp.Store.ReadDeliveriesAsync(DE, 0, 10))[0];
        var forIt = (await temp.Store.ReadDeliveriesAsync(IT, 0, 10))[0];

        await temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(forDe.Cursor, DeliveryReceipt("DE"))]);
        await temp.Store.AcknowledgeAsync(IT, [DeliveryAck.Of(forIt.Cursor, DeliveryReceipt("IT"))]);

        var relayed = await temp.Store.ReadDeliveriesAsync(FR, 0, 10);
        Assert.Equal([DeliveryReceipt("DE"), DeliveryReceipt("IT")], Receipts(relayed));
        var ackRelays = await temp.Store.AcknowledgeAsync(FR, relayed.Select(delivery => DeliveryAck.Of(delivery.Cursor)).ToList());
        Assert.Equal(2, ackRelays.Newly);
        Assert.Equal(2, (await temp.Store.ReadDeliveriesAsync(FR, 0, 10)).Count);
    }

    [Fact]
    public async Task AcknowledgeAsync_UnknownOrForeignCursor_IsRefusedAndNothingAcknowledged()
    {
        await using var temp = TempStore.Create();
        await temp.Store.SubmitAsync(Make(FR, 1, DE, IT));
        var forDe = (await temp.Store.ReadDeliveriesAsync(DE, 0, 10))[0];
        var forIt = (await temp.Store.ReadDeliveriesAsync(IT, 0, 10))[0];

        var unknown = await temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(forDe.Cursor, DeliveryReceipt("DE")), DeliveryAck.Of(9999, DeliveryReceipt("x"))]);
        var foreign = await temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(forIt.Cursor, DeliveryReceipt("DE"))]);
        var missingReceipt = await temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(forDe.Cursor)]);

        Assert.Equal(AcknowledgeResult.Refused(AcknowledgeStatus.UnknownCursor, 9999), unknown);
        Assert.Equal(AcknowledgeResult.Refused(AcknowledgeStatus.UnknownCursor, forIt.Cursor), foreign);
        Assert.Equal(AcknowledgeResult.Refused(AcknowledgeStatus.ReceiptRequired, forDe.Cursor), missingReceipt);
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM deliveries WHERE acked_at_ms IS NOT NULL;"));
        Assert.Empty(await temp.Store.ReadDeliveriesAsync(FR, 0, 10));
    }

    [Fact]
    public async Task AcknowledgeAsync_BatchWithOneAcknowledgedBefore_OneAuditEntryPerNewlyAcknowledgedInBatchOrder()
    {
        await using var temp = TempStore.Create();
        for (var sequence = 1; sequence <= 3; sequence++)
        {
            await temp.Store.SubmitAsync(Make(FR, sequence, DE));
        }

        var cursors = (await temp.Store.ReadDeliveriesAsync(DE, 0, 10)).Select(delivery => delivery.Cursor).ToArray();
        await temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(cursors[0], DeliveryReceipt("first"))]);

        var result = await temp.Store.AcknowledgeAsync(DE, [.. new[] { cursors[2], cursors[0], cursors[1] }.Select(cursor => DeliveryAck.Of(cursor, DeliveryReceipt($"r{cursor}")))]);

        Assert.Equal(new AcknowledgeResult(AcknowledgeStatus.Acknowledged, 3, 2, null), result);
        Assert.Equal(
            [$"cursor={cursors[0]} hub_sequence=1", $"cursor={cursors[2]} hub_sequence=3", $"cursor={cursors[1]} hub_sequence=2"],
            AcknowledgeDetails(temp));
        var relayed = await temp.Store.ReadDeliveriesAsync(FR, 0, 10);
        Assert.Equal(2, relayed.Count);
        Assert.Equal([DeliveryReceipt("first"), DeliveryReceipt($"r{cursors[2]}"), DeliveryReceipt($"r{cursors[1]}")], Receipts(relayed));
        Assert.True(HubAudit.Verify(temp.Store.Database).IsIntact);
    }

    [Fact]
    public async Task AcknowledgeAsync_NegativeCursor_IsRefusedAsUnknown()
    {
        await using var temp = TempStore.Create();
        await temp.Store.SubmitAsync(Make(FR, 1, DE));
        var forDe = (await temp.Store.ReadDeliveriesAsync(DE, 0, 10))[0];

        var result = await temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(forDe.Cursor, DeliveryReceipt("DE")), DeliveryAck.Of(-1)]);

        Assert.Equal(AcknowledgeResult.Refused(AcknowledgeStatus.UnknownCursor, -1), result);
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM deliveries WHERE acked_at_ms IS NOT NULL;"));
    }

    [Fact]
    public async Task AcknowledgeAsync_SameCursorTwiceInOneBatch_RelaysOnce()
    {
        await using var temp = TempStore.Create();
        await temp.Store.SubmitAsync(Make(FR, 1, DE));
        var forDe = (await temp.Store.ReadDeliveriesAsync(DE, 0, 10))[0];

        var result = await temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(forDe.Cursor, DeliveryReceipt("a")), DeliveryAck.Of(forDe.Cursor, DeliveryReceipt("b"))]);

        Assert.Equal(1, result.Newly);
        Assert.Equal([DeliveryReceipt("a")], Receipts(await temp.Store.ReadDeliveriesAsync(FR, 0, 10)));
    }

    [Fact]
    public async Task AcknowledgeAsync_OneCallForTwoSendersMessages_RelaysEachReceiptToItsSender_InTheCallsOrder()
    {
        await using var temp = TempStore.Create();
        await temp.Store.SubmitAsync(Make(FR, 1, DE));
        await temp.Store.SubmitAsync(Make(IT, 1, DE));
        await temp.Store.SubmitAsync(Make(FR, 2, DE));
        var forDe = await temp.Store.ReadDeliveriesAsync(DE, 0, 10);
        Assert.Equal(3, forDe.Count);

        // Acknowledged in another order than delivered: one relay per source, its receipts in the call's order.
        var result = await temp.Store.AcknowledgeAsync(DE,
        [
            DeliveryAck.Of(forDe[2].Cursor, DeliveryReceipt("FR 2")),
            DeliveryAck.Of(forDe[1].Cursor, DeliveryReceipt("IT 1")),
            DeliveryAck.Of(forDe[0].Cursor, DeliveryReceipt("FR 1")),
        ]);

        Assert.Equal(3, result.Newly);
        var toFr = Assert.Single(await temp.Store.ReadDeliveriesAsync(FR, 0, 10));
        var toIt = Assert.Single(await temp.Store.ReadDeliveriesAsync(IT, 0, 10));
        Assert.Equal([DeliveryReceipt("FR 2"), DeliveryReceipt("FR 1")], Receipts([toFr]));
        Assert.Equal([DeliveryReceipt("IT 1")], Receipts([toIt]));
        Assert.Equal(
            [(forDe[0].Cursor, toFr.Cursor), (forDe[1].Cursor, toIt.Cursor), (forDe[2].Cursor, toFr.Cursor)],
            temp.Pairs("SELECT cursor, relayed_in FROM deliveries WHERE kind = 1 ORDER BY cursor;"));

        // The source acknowledges the batch once, and that is every relay of it done.
        Assert.Equal(1, (await temp.Store.AcknowledgeAsync(FR, [DeliveryAck.Of(toFr.Cursor)])).Newly);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM deliveries WHERE kind = 2 AND acked_at_ms IS NULL;"));
        Assert.Equal(
            [$"cursor={forDe[2].Cursor} hub_sequence=3", $"cursor={forDe[1].Cursor} hub_sequence=2", $"cursor={forDe[0].Cursor} hub_sequence=1"],
            AcknowledgeDetails(temp));
    }

    /// <summary>Every receipt the relays carry, in cursor order and, within a batch, in its order.</summary>
    private static List<byte[]> Receipts(IEnumerable<StoredDelivery> relays) =>
        [.. relays.SelectMany(relay => relay.ToDelivery().DeliveryReceiptBatch.Receipts).Select(receipt => receipt.ToByteArray())];

    private static List<string> AcknowledgeDetails(TempStore temp) =>
        temp.Strings("SELECT detail FROM audit WHERE action = 'acknowledge' ORDER BY seq;");
}
