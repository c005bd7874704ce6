using Google.Protobuf;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// Migration 8 (relayed receipts in batches): a version-7 file's single relay keeps streaming as it did (field 3), its
/// envelope delivery now names it in relayed_in, and the next acknowledgement is relayed as a batch (field 6).
/// </summary>
public sealed class Migration0008Tests
{
    private static readonly PartyId FR = PartyId.Member("FR");
    private static readonly PartyId IT = PartyId.Member("IT");

    [Fact]
    public async Task Open_Version7DatabaseWithASingleRelay_KeepsStreamingItAsOne_NamesItInRelayedIn_AndRelaysTheNextAsABatch()
    {
        var oldReceipt = new SignedStatement { Statement = ByteString.CopyFromUtf8("DE's receipt") }.ToByteArray();
        var newReceipt = new SignedStatement { Statement = ByteString.CopyFromUtf8("IT's receipt") }.ToByteArray();
        using var file = OldSchemaFile.Create(7, $"""
            INSERT INTO messages (hub_sequence, sender, message_id, sequence, envelope, envelope_sha256, created_at_ms, expires_at_ms, accepted_at_ms, receipt)
            VALUES (1, 'urn:hst:member:FR', zeroblob(16), 1, X'0A', zeroblob(32), 0, 0, 0, X'0B');
            INSERT INTO deliveries (cursor, recipient, kind, hub_sequence, delivery_receipt, acked_at_ms) VALUES (3, 'urn:hst:member:DE', 1, 1, X'{Convert.ToHexString(oldReceipt)}', 7);
            INSERT INTO deliveries (cursor, recipient, kind, hub_sequence) VALUES (4, 'urn:hst:member:IT', 1, 1);
            INSERT INTO deliveries (cursor, recipient, kind, hub_sequence, delivery_receipt, relays_cursor) VALUES (5, 'urn:hst:member:FR', 2, 1, X'{Convert.ToHexString(oldReceipt)}', 3);
            """);

        await using var store = HubStore.Open(file.Path, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));
        var single = Assert.Single(await store.ReadDeliveriesAsync(FR, 0, 10));
        Assert.False(single.Batched);
        Assert.Equal(oldReceipt, single.ToDelivery().DeliveryReceipt.ToByteArray());

        var result = await store.AcknowledgeAsync(IT, [DeliveryAck.Of(4, newReceipt, new byte[16], FR.Uri)]);

        Assert.Equal(1, result.Newly);
        var relays = await store.ReadDeliveriesAsync(FR, 0, 10);
        Assert.Equal(2, relays.Count);
        Assert.True(relays[1].Batched);
        Assert.Equal(newReceipt, Assert.Single(relays[1].ToDelivery().DeliveryReceiptBatch.Receipts).ToByteArray());
        using var connection = store.Database.OpenReadConnection();
        Assert.Equal((long)SchemaMigrations.LatestVersion, connection.Scalar("SELECT max(version) FROM schema_version;"));
        Assert.Equal(5L, connection.Scalar("SELECT relayed_in FROM deliveries WHERE cursor = 3;"));
        Assert.Equal(relays[1].Cursor, connection.Scalar("SELECT relayed_in FROM deliveries WHERE cursor = 4;"));
        Assert.Equal(1L, connection.Scalar($"SELECT batched_receipts FROM deliveries WHERE cursor = {relays[1].Cursor};"));
    }
}
