using HstFederation.Node.Commands;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Ledger;

/// <summary>
/// The reads behind <see cref="NodeStore.LedgerAsync"/>, on a connection inside the caller's snapshot. Never selects
/// plaintext: the envelope is read only for its signed header and forward records.
/// </summary>
internal static class LedgerReader
{
    public static NodeLedger Read(SqliteConnection connection, byte[] messageId) =>
        new(
            messageId, Sent(connection, messageId), Received(connection, messageId), LedgerLifecycleReader.OrdersReceived(connection, messageId),
            LedgerLifecycleReader.Tombstones(connection, messageId), AuditReader.AboutMessage(connection, messageId));

    private static SentLedger? Sent(SqliteConnection connection, byte[] messageId)
    {
        var row = connection.Query(
            $"""
            SELECT local_id, sequence, actor, created_at_ms, state, state_at_ms, hub_sequence, reject_reason, envelope, {CopyLifecycle.Columns}
            FROM outbox WHERE message_id = $id;
            """,
            reader => reader.Read()
                ? new SentLedger(
                    reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), (OutboxState)reader.GetInt64(4), reader.GetInt64(5),
                    Nullable(reader, 6), Text(reader, 7), LedgerHeader.Of(reader.IsDBNull(8) ? null : (byte[])reader[8]), CopyLifecycle.FromRow(reader, 9), [], [], [], [], [])
                : null,
            ("$id", messageId));
        return row is null ? null : row with
        {
            Holders = Holders(connection, row.LocalId),
            Releases = Releases(connection, messageId),
            Orders = LedgerLifecycleReader.OrdersIssued(connection, messageId),
            HubOrders = LedgerLifecycleReader.HubOrders(connection, messageId),
            Reviews = LedgerLifecycleReader.Reviews(connection, messageId),
        };
    }

    /// <summary>
    /// The addressees (delivered or not), then every other party whose delivery receipt the hub relayed: a copy the hub
    /// forwarded on a release of this node's.
    /// </summary>
    private static List<SentHolder> Holders(SqliteConnection connection, long localId) =>
        connection.Query(
            """
            SELECT a.addressee, 0, d.received_at_ms FROM outbox_addressees a
            LEFT JOIN outbox_deliveries d ON d.local_id = a.local_id AND d.recipient = a.addressee
            WHERE a.local_id = $local
            UNION ALL
            SELECT d.recipient, 1, d.received_at_ms FROM outbox_deliveries d
            WHERE d.local_id = $local AND NOT EXISTS (SELECT 1 FROM outbox_addressees a WHERE a.local_id = d.local_id AND a.addressee = d.recipient)
            ORDER BY 2, 1;
            """,
            reader =>
            {
                var holders = new List<SentHolder>();
                while (reader.Read())
                {
                    holders.Add(new SentHolder(reader.GetString(0), reader.GetBoolean(1), Nullable(reader, 2)));
                }

                return holders;
            },
            ("$local", localId));

    private static List<LedgerRelease> Releases(SqliteConnection connection, byte[] messageId) =>
        connection.Query(
            """
            SELECT hit_id, other_sender, release_state, release_at_ms, release_actor, released_to, release_reason, release_detail
            FROM hits WHERE your_message_id = $id ORDER BY id;
            """,
            reader =>
            {
                var releases = new List<LedgerRelease>();
                while (reader.Read())
                {
                    releases.Add(new LedgerRelease((byte[])reader[0], reader.GetString(1), new HitRelease(
                        (ReleaseState)reader.GetInt64(2), Nullable(reader, 3), Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7))));
                }

                return releases;
            },
            ("$id", messageId));

    private static List<ReceivedLedger> Received(SqliteConnection connection, byte[] messageId) =>
        connection.Query(
            $"SELECT local_id, sender, sequence, received_at_ms, content_type, envelope, {CopyLifecycle.Columns} FROM inbox WHERE message_id = $id ORDER BY local_id;",
            reader =>
            {
                var copies = new List<ReceivedLedger>();
                while (reader.Read())
                {
                    var envelope = (byte[])reader[5];
                    copies.Add(new ReceivedLedger(
                        reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4),
                        LedgerHeader.Of(envelope), CopyLifecycle.FromRow(reader, 6), envelope.Length == 0 ? [] : ForwardReport.Of(envelope)));
                }

                return copies;
            },
            ("$id", messageId));

    internal static long? Nullable(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    internal static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
