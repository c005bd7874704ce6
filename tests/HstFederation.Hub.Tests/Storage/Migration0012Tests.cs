using HstFederation.Hub.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// Migration 12 (the per-message delivery indexes keyed by the message first): a version-11 file keeps its deliveries,
/// its indexes are keyed (hub_sequence, recipient), one envelope delivery per recipient and message is still all a
/// store will hold, and the queue depths still count the unacknowledged ones per recipient; the rejections have their
/// own index instead of every entry's action; a relay written before keeps its receipts in its row.
/// </summary>
public sealed class Migration0012Tests
{
    [Fact]
    public async Task Open_Version11Database_KeysTheIndexesByMessage_KeepsTheRows_AndStillRefusesASecondDeliveryToOneRecipient()
    {
        using var file = OldSchemaFile.Create(11, """
            INSERT INTO messages (hub_sequence, sender, message_id, sequence, envelope, envelope_sha256, created_at_ms, expires_at_ms, accepted_at_ms, receipt) VALUES
                (1, 'urn:hst:member:FR', zeroblob(16), 1, X'0A', zeroblob(32), 0, 0, 5, X'0B'),
                (2, 'urn:hst:member:FR', X'00000000000000000000000000000002', 2, X'0A', zeroblob(32), 0, 0, 7, X'0B');
            INSERT INTO deliveries (cursor, recipient, kind, hub_sequence, acked_at_ms) VALUES
                (1, 'urn:hst:member:DE', 1, 1, 9),
                (2, 'urn:hst:member:IT', 1, 1, NULL),
                (3, 'urn:hst:member:DE', 1, 2, NULL),
                (4, 'urn:hst:member:IT', 1, 2, NULL);
            INSERT INTO deliveries (cursor, recipient, kind, hub_sequence, delivery_receipt, relays_cursor, batched_receipts) VALUES
                (5, 'urn:hst:member:FR', 2, 1, X'0A0B0C', 1, 1);
            UPDATE deliveries SET relayed_in = 5 WHERE cursor = 1;
            INSERT INTO audit (seq, at_ms, actor, action, message_id, detail, prev_hash, hash) VALUES
                (1, 0, 'urn:hst:member:FR', 'reject', NULL, 'MalformedEnvelope', zeroblob(32), zeroblob(32)),
                (2, 0, 'urn:hst:member:FR', 'accept', NULL, 'hub_sequence=1', zeroblob(32), zeroblob(32));
            """);

        await using var store = HubStore.Open(file.Path, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));

        using (var connection = store.Database.OpenReadConnection())
        {
            Assert.Equal((long)SchemaMigrations.LatestVersion, connection.Scalar("SELECT max(version) FROM schema_version;"));
            Assert.Equal(5L, connection.Scalar("SELECT count(*) FROM deliveries;"));
            Assert.Equal(["hub_sequence", "recipient"], IndexColumns(connection, "deliveries_envelope_once"));
            Assert.Equal(["hub_sequence", "recipient"], IndexColumns(connection, "deliveries_unacked"));
            Assert.Empty(IndexColumns(connection, "audit_by_action"));
            Assert.Equal(["detail"], IndexColumns(connection, "audit_rejections"));
            Assert.Equal(0L, connection.Scalar("SELECT count(*) FROM relayed_receipts;"));
        }

        // A relay written before keeps its batch in its row, and is streamed from there.
        var relay = Assert.Single(await store.ReadDeliveriesAsync(Protocol.Identities.PartyId.Member("FR"), 0, 10));
        Assert.Equal(5L, relay.Cursor);
        Assert.Equal([0x0A, 0x0B, 0x0C], relay.Payload);

        var stats = await store.StatsAsync();
        Assert.Equal(1, stats.For(Protocol.Identities.PartyId.Member("DE"))!.Undelivered);
        Assert.Equal(7, stats.For(Protocol.Identities.PartyId.Member("DE"))!.OldestUndeliveredAcceptedAtMs);
        Assert.Equal(2, stats.For(Protocol.Identities.PartyId.Member("IT"))!.Undelivered);
        Assert.Equal(1, Assert.Single(stats.RejectionsByReason, pair => pair.Value > 0).Value);

        using var writer = new SqliteConnection($"Data Source={file.Path}");
        writer.Open();
        var twice = Assert.Throws<SqliteException>(() => writer.Execute(
            "INSERT INTO deliveries (recipient, kind, hub_sequence) VALUES ('urn:hst:member:DE', 1, 2);"));
        Assert.Contains("UNIQUE", twice.Message, StringComparison.Ordinal);
    }

    private static List<string> IndexColumns(SqliteConnection connection, string index) =>
        connection.Query(
            "SELECT name FROM pragma_index_info($index) ORDER BY seqno;",
            reader =>
            {
                var columns = new List<string>();
                while (reader.Read())
                {
                    columns.Add(reader.GetString(0));
                }

                return columns;
            },
            ("$index", index));
}
