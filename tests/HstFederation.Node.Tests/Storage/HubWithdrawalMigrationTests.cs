using Google.Protobuf;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Intelligence;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Storage;

/// <summary>Migration 15 (the hub's withdrawals, resolvable alarms) on the file a node at schema version 14 left.</summary>
public sealed class HubWithdrawalMigrationTests
{
    /// <summary>
    /// The version-14 file holds a product from the hub (number 2) and the gap alarm its arrival raised (number 1 missing).
    /// After the migration the alarm still counts; a notice withdrawing number 1, stored through the store, resolves it,
    /// keeps it in the table, and `status` counts no alarm.
    /// </summary>
    [Fact]
    public async Task Open_Version14Database_KeepsItsGapAlarmOpen_UntilANoticeWithdrawsTheMissingNumber()
    {
        var product = HubProducts.Corridors("FR");
        await using var temp = TempNodeStore.Create((path, time) =>
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            connection.Execute("PRAGMA journal_mode = WAL;");
            Assert.Equal(14, SchemaMigrations.Apply(connection, time, 14));
            connection.Execute(
                """
                INSERT INTO inbox (sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms, content_type)
                VALUES ('urn:hst:hub:IPSG', $id, 2, zeroblob(32), X'01', $product, 0, 1, 'hst.v1.AnalyticalProduct');
                INSERT INTO products (product_id, inbox_local_id, kind, produced_at_ms, period_start_ms, period_end_ms, sources, description)
                VALUES ($product_id, last_insert_rowid(), 1, 1, 1, 2, 1, 'corridors');
                INSERT INTO sender_sequences (sender, last_sequence) VALUES ('urn:hst:hub:IPSG', 2);
                INSERT INTO alarms (kind, sender, expected, received, raised_at_ms) VALUES ('sequence-gap', 'urn:hst:hub:IPSG', 1, 2, 1);
                """,
                ("$id", HubProducts.NewId()), ("$product", product.ToByteArray()), ("$product_id", product.ProductId.ToByteArray()));
        });

        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        var alarm = Assert.Single(await temp.Store.AlarmsAsync());
        Assert.Equal((SequenceAlarm.Gap, 1L, 2L, (byte[]?)null), (alarm.Kind, alarm.Expected, alarm.Received, alarm.MessageId));
        Assert.Equal(1, (await temp.Store.StatusAsync()).Alarms);

        var notice = new HubWithdrawal
        {
            Withdrawn =
            {
                new WithdrawnHubMessage
                {
                    MessageId = ByteString.CopyFrom(HubProducts.NewId()), RecipientSequence = 1, HeaderSha256 = ByteString.CopyFrom(new byte[32]),
                    ContentType = "hst.v1.HitNotification", Cause = WithdrawalCause.Expired,
                },
            },
        };
        var stored = await temp.Store.StoreWithdrawalAsync(
            new ReceivedEnvelope(PartyId.Hub.Uri, HubProducts.NewId(), 3, new byte[32], [1], notice.ToByteArray(), 0)
            {
                ContentType = "hst.v1.HubWithdrawal",
                RecipientSequence = 3,
            },
            notice,
            PartyId.Member("FR").Uri,
            cursor: 3);

        Assert.True(stored.IsNew);
        Assert.Empty(await temp.Store.AlarmsAsync());
        Assert.Equal(0, (await temp.Store.StatusAsync()).Alarms);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM alarms WHERE resolved_at_ms IS NOT NULL;"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM hub_withdrawn WHERE recipient_sequence = 1 AND cause = 'expired';"));
    }
}
