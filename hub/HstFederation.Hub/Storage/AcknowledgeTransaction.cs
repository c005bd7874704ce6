using System.Globalization;
using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// Acknowledgements inside the writer's transaction. All cursors are checked before anything is written
/// (all or nothing). A newly acknowledged envelope delivery stores the recipient's receipt, relays it to
/// the envelope's sender as a kind-2 delivery (<c>relays_cursor</c> is UNIQUE, so exactly one relay each; none for
/// the hub's own messages, whose receipts stay on their delivery rows; all of a call's relays in one statement) and gets
/// its own <c>acknowledge</c> audit entry.
/// </summary>
internal static class AcknowledgeTransaction
{
    public static AcknowledgeResult Execute(WriteContext context, PartyId recipient, IReadOnlyList<DeliveryAck> acks)
    {
        var connection = context.Connection;
        var found = Lookup(connection, acks);
        var rows = new List<(DeliveryAck Ack, Delivered Delivery)>(acks.Count);
        foreach (var ack in acks)
        {
            if (!found.TryGetValue(ack.Cursor, out var delivery) || !string.Equals(delivery.Recipient, recipient.Uri, StringComparison.Ordinal))
            {
                return AcknowledgeResult.Refused(AcknowledgeStatus.UnknownCursor, ack.Cursor);
            }

            if (delivery.Kind == DeliveryKind.Envelope && !ack.HasReceipt)
            {
                return AcknowledgeResult.Refused(AcknowledgeStatus.ReceiptRequired, ack.Cursor);
            }

            var mismatch = (ack.ReceiptMessageId is { } named && !named.AsSpan().SequenceEqual(delivery.MessageId))
                || (ack.ReceiptSender is { } sender && !string.Equals(sender, delivery.Sender, StringComparison.Ordinal));
            if (delivery.Kind == DeliveryKind.Envelope && mismatch)
            {
                return AcknowledgeResult.Refused(AcknowledgeStatus.ReceiptMismatch, ack.Cursor);
            }

            if (delivery.Kind == DeliveryKind.LifecycleOrder
                && (ack.Confirmation is not { } confirmed || !confirmed.OrderId.AsSpan().SequenceEqual(delivery.OrderId)))
            {
                return AcknowledgeResult.Refused(AcknowledgeStatus.ConfirmationInvalid, ack.Cursor);
            }

            rows.Add((ack, delivery));
        }

        var newly = 0;
        var relays = new List<long>(rows.Count);
        AuditAppender? audit = null;
        foreach (var (ack, delivery) in rows)
        {
            var receipt = delivery.Kind == DeliveryKind.Envelope ? ack.DeliveryReceipt : null;
            var updated = connection.Execute(
                """
                UPDATE deliveries SET acked_at_ms = $now, delivery_receipt = coalesce($receipt, delivery_receipt)
                WHERE cursor = $cursor AND acked_at_ms IS NULL;
                """,
                ("$now", context.NowMs),
                ("$receipt", receipt),
                ("$cursor", ack.Cursor));
            if (updated == 0)
            {
                continue;
            }

            newly++;
            if (delivery.Kind == DeliveryKind.Envelope)
            {
                // The hub's own messages: the receipt stays on the delivery row; there is no member to relay it to.
                if (!string.Equals(delivery.Sender, PartyId.Hub.Uri, StringComparison.Ordinal))
                {
                    relays.Add(ack.Cursor);
                }

                // One entry per acknowledgement as before; only the chain's head is read once per batch, not per entry.
                audit ??= HubAudit.Appender(connection);
                audit.Append(context.NowMs, recipient.Uri, AuditActions.Acknowledge, delivery.MessageId,
                    $"cursor={ack.Cursor} hub_sequence={delivery.HubSequence}");
            }
            else if (delivery.Kind == DeliveryKind.LifecycleOrder)
            {
                audit ??= HubAudit.Appender(connection);
                LifecycleConfirmationRows.Record(context, audit, recipient, delivery.Sender, delivery.HubSequence, delivery.MessageId, ack.Cursor, ack.Confirmation!);
            }
        }

        Relay(context, relays);
        return AcknowledgeResult.Success(acks.Count, newly);
    }

    /// <summary>
    /// The deliveries behind the batch's cursors, in one query (the cursors as a JSON array) rather than
    /// one per acknowledgement; cursors that name no delivery are simply absent.
    /// </summary>
    private static Dictionary<long, Delivered> Lookup(SqliteConnection connection, IReadOnlyList<DeliveryAck> acks)
    {
        var cursors = JsonArray(acks.Select(ack => ack.Cursor));
        return connection.Query(
            """
            SELECT d.cursor, d.recipient, d.kind, d.hub_sequence, m.sender, m.message_id, d.order_id
            FROM deliveries d JOIN messages m ON m.hub_sequence = d.hub_sequence
            WHERE d.cursor IN (SELECT value FROM json_each($cursors));
            """,
            reader =>
            {
                var found = new Dictionary<long, Delivered>(acks.Count);
                while (reader.Read())
                {
                    found[reader.GetInt64(0)] = new Delivered(
                        reader.GetString(1), (DeliveryKind)reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4), (byte[])reader[5],
                        reader.IsDBNull(6) ? [] : (byte[])reader[6]);
                }

                return found;
            },
            ("$cursors", cursors));
    }

    /// <summary>
    /// The receipts just stored on these acknowledged envelope deliveries, each relayed to its message's sender as a
    /// kind-2 delivery, in the acknowledgements' order and in one statement (the writer is the hub's bottleneck under
    /// load; one INSERT per receipt cost it a statement execution each and a copy of every receipt through .NET).
    /// </summary>
    private static void Relay(WriteContext context, List<long> acknowledgedCursors)
    {
        if (acknowledgedCursors.Count == 0)
        {
            return;
        }

        var cursors = JsonArray(acknowledgedCursors);
        context.Connection.Query(
            """
            INSERT INTO deliveries (recipient, kind, hub_sequence, delivery_receipt, relays_cursor)
            SELECT m.sender, 2, d.hub_sequence, d.delivery_receipt, d.cursor
            FROM json_each($cursors) j
            JOIN deliveries d ON d.cursor = j.value
            JOIN messages m ON m.hub_sequence = d.hub_sequence
            WHERE true
            ORDER BY j.key
            ON CONFLICT (relays_cursor) DO NOTHING
            RETURNING recipient, cursor;
            """,
            context.AddedDeliveries,
            ("$cursors", cursors));
    }

    /// <summary>Cursors as a JSON array, for <c>json_each</c>: one parameter however many there are.</summary>
    private static string JsonArray(IEnumerable<long> cursors) =>
        "[" + string.Join(',', cursors.Select(cursor => cursor.ToString(CultureInfo.InvariantCulture))) + "]";

    private readonly record struct Delivered(string Recipient, DeliveryKind Kind, long HubSequence, string Sender, byte[] MessageId, byte[] OrderId);
}
