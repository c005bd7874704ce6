using HstFederation.Entities;
using HstFederation.Hub.Intelligence;
using HstFederation.Protocol.Identities;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// The reads behind <see cref="HubStore.LedgerAsync"/>, on a connection inside the caller's snapshot. Each goes through an
/// index: messages by (sender, message_id), deliveries by (recipient, hub_sequence), hits by either message, audit by message id.
/// </summary>
internal static class LedgerReader
{
    /// <summary>The sources holding a message id (tests check its plan stays on indexes).</summary>
    internal const string SendersSql = """
        SELECT m.sender FROM sender_state s CROSS JOIN messages m ON m.sender = s.sender AND m.message_id = $id
        WHERE $sender IS NULL OR s.sender = $sender ORDER BY m.sender;
        """;

    /// <summary>A message's envelope deliveries with their relays and forwards (tests check its plan stays on indexes).</summary>
    internal const string CopiesSql = """
        SELECT d.recipient, d.cursor, d.acked_at_ms, d.delivery_receipt IS NOT NULL OR d.relayed_in IS NOT NULL, r.cursor, r.acked_at_ms,
               f.forward_id, f.forwarded_at_ms, f.released_by, f.hit_id, f.consent_granted_at_ms
        FROM deliveries d
        LEFT JOIN deliveries r ON r.cursor = d.relayed_in
        LEFT JOIN forwards f ON f.forward_id = d.forward_id
        WHERE d.hub_sequence = $hub AND d.kind = 1
        ORDER BY d.cursor;
        """;

    /// <summary>
    /// The sources holding a message with this id, in code order. Message ids are unique per sender only, so without a
    /// sender each source that ever sent (sender_state: one row each, the hub's included) is looked up by its unique index.
    /// CROSS JOIN keeps that order: SQLite never reorders it, and the other order scans the whole (sender, message_id) index.
    /// </summary>
    public static IReadOnlyList<PartyId> Senders(SqliteConnection connection, byte[] messageId, PartyId? sender) =>
        connection.Query(
            SendersSql,
            reader =>
            {
                var senders = new List<PartyId>();
                while (reader.Read())
                {
                    senders.Add(PartyId.Parse(reader.GetString(0)));
                }

                return senders;
            },
            ("$id", messageId),
            ("$sender", sender?.Uri));

    public static MessageLedger Read(SqliteConnection connection, PartyId sender, byte[] messageId)
    {
        var row = connection.Query(
            """
            SELECT hub_sequence, sequence, created_at_ms, expires_at_ms, accepted_at_ms, envelope
            FROM messages WHERE sender = $sender AND message_id = $id;
            """,
            reader => reader.Read()
                ? (Hub: reader.GetInt64(0), Sequence: reader.GetInt64(1), Created: reader.GetInt64(2), Expires: reader.GetInt64(3), Accepted: reader.GetInt64(4), Envelope: (byte[])reader[5])
                : throw new InvalidOperationException("The message disappeared inside one snapshot."),
            ("$sender", sender.Uri),
            ("$id", messageId));
        var handling = StoredHeaders.TryRead(row.Envelope)?.Handling;
        var hub = new LedgerHubCopy(handling?.HubMayRead ?? false, Entities(connection, row.Hub), BlindTokens(connection, row.Hub), LedgerHits.Read(connection, row.Hub));
        return new MessageLedger(
            sender, messageId, row.Sequence, row.Hub, row.Created, row.Expires, row.Accepted, handling,
            Copies(connection, row.Hub), hub, LedgerAudit.Read(connection, sender, messageId, row.Hub, hub.Hits))
        {
            Retention = LedgerRetentionReader.Read(connection, row.Hub),
            Lifecycle = LedgerLifecycleReader.Read(connection, row.Hub, messageId),
        };
    }

    /// <summary>
    /// Every envelope delivery of the message (addressees and forwards), with its receipt's relay to the source: one
    /// range of an index keyed by the message first (deliveries_by_message; since migration 12 deliveries_envelope_once
    /// too), not a look-up per enrolled member.
    /// </summary>
    private static IReadOnlyList<LedgerCopy> Copies(SqliteConnection connection, long hubSequence) =>
        connection.Query(
            CopiesSql,
            reader =>
            {
                var copies = new List<LedgerCopy>();
                while (reader.Read())
                {
                    var forward = reader.IsDBNull(6) ? null : new LedgerForward(
                        reader.GetInt64(6), reader.GetInt64(7), PartyId.Parse(reader.GetString(8)), Nullable(reader, 10), (byte[])reader[9]);
                    copies.Add(new LedgerCopy(
                        PartyId.Parse(reader.GetString(0)), reader.GetInt64(1), Nullable(reader, 2), reader.GetBoolean(3), Nullable(reader, 4), Nullable(reader, 5), forward));
                }

                return copies;
            },
            ("$hub", hubSequence));

    private static LedgerEntities? Entities(SqliteConnection connection, long hubSequence)
    {
        if (connection.Scalar("SELECT entities FROM message_entities WHERE hub_sequence = $hub;", ("$hub", hubSequence)) is not byte[] stored)
        {
            return null;
        }

        try
        {
            var entities = MessageEntities.Deserialize(stored);
            return new LedgerEntities(entities.Identifiers.Count, entities.Persons.Count, entities.Organisations.Count);
        }
        catch (FormatException)
        {
            return new LedgerEntities(null, null, null);
        }
    }

    private static long BlindTokens(SqliteConnection connection, long hubSequence) =>
        (long)connection.Scalar("SELECT count(*) FROM matching_tokens WHERE hub_sequence = $hub;", ("$hub", hubSequence))!;

    internal static long? Nullable(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
