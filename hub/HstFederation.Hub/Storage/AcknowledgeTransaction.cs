using System.Globalization;
using System.Text;
using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// Acknowledgements, all or nothing. <see cref="Check"/> runs on a read connection, before the writer: every cursor must
/// name a delivery to the caller, an envelope's with a receipt of that message, a lifecycle order's with a confirmation
/// of that order (what it checks never changes once written, and a subscriber knows only committed cursors, so a read
/// snapshot decides it as the writer would; the single writer is the hub's bottleneck under load). <see cref="Execute"/>
/// then writes in the writer's transaction: a newly acknowledged envelope delivery stores the recipient's receipt,
/// relays it to the envelope's sender as a kind-2 delivery (<c>relays_cursor</c> is UNIQUE, so exactly one relay each;
/// none for the hub's own messages, whose receipts stay on their delivery rows) and gets its own <c>acknowledge</c>
/// audit entry. The call's acknowledgements and its relays are each one statement.
/// </summary>
internal static class AcknowledgeTransaction
{
    /// <summary>The acknowledgements checked against their deliveries (request order), or the first refusal.</summary>
    public static (AcknowledgeResult? Refusal, IReadOnlyList<CheckedAck> Acks) Check(SqliteConnection connection, PartyId recipient, IReadOnlyList<DeliveryAck> acks)
    {
        var found = Lookup(connection, acks);
        var rows = new List<CheckedAck>(acks.Count);
        foreach (var ack in acks)
        {
            if (!found.TryGetValue(ack.Cursor, out var delivery) || !string.Equals(delivery.Recipient, recipient.Uri, StringComparison.Ordinal))
            {
                return (AcknowledgeResult.Refused(AcknowledgeStatus.UnknownCursor, ack.Cursor), []);
            }

            if (delivery.Kind == DeliveryKind.Envelope && !ack.HasReceipt)
            {
                return (AcknowledgeResult.Refused(AcknowledgeStatus.ReceiptRequired, ack.Cursor), []);
            }

            var mismatch = (ack.ReceiptMessageId is { } named && !named.AsSpan().SequenceEqual(delivery.MessageId))
                || (ack.ReceiptSender is { } sender && !string.Equals(sender, delivery.Sender, StringComparison.Ordinal));
            if (delivery.Kind == DeliveryKind.Envelope && mismatch)
            {
                return (AcknowledgeResult.Refused(AcknowledgeStatus.ReceiptMismatch, ack.Cursor), []);
            }

            if (delivery.Kind == DeliveryKind.LifecycleOrder
                && (ack.Confirmation is not { } confirmed || !confirmed.OrderId.AsSpan().SequenceEqual(delivery.OrderId)))
            {
                return (AcknowledgeResult.Refused(AcknowledgeStatus.ConfirmationInvalid, ack.Cursor), []);
            }

            rows.Add(new CheckedAck(ack, delivery));
        }

        return (null, rows);
    }

    /// <summary>Writes checked acknowledgements; a cursor acknowledged before (or twice in the call) changes nothing.</summary>
    public static AcknowledgeResult Execute(WriteContext context, PartyId recipient, IReadOnlyList<CheckedAck> rows)
    {
        var connection = context.Connection;
        var newly = MarkAcknowledged(context, rows);
        var count = 0;
        var relays = new List<long>(rows.Count);
        AuditAppender? audit = null;
        foreach (var (ack, delivery) in rows)
        {
            if (delivery.Kind == DeliveryKind.LifecycleOrder)
            {
                // Rare, and each records its confirmation: one at a time, in the request's order like the rest.
                if (!MarkOne(context, ack.Cursor))
                {
                    continue;
                }

                count++;
                audit ??= HubAudit.Appender(connection);
                LifecycleConfirmationRows.Record(context, audit, recipient, delivery.Sender, delivery.HubSequence, delivery.MessageId, ack.Cursor, ack.Confirmation!);
                continue;
            }

            // Removed once seen, so a cursor named twice in the call counts and relays once.
            if (!newly.Remove(ack.Cursor))
            {
                continue;
            }

            count++;
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
        }

        Relay(context, relays);
        return AcknowledgeResult.Success(rows.Count, count);
    }

    /// <summary>
    /// Marks every acknowledged delivery but lifecycle orders in one UPDATE, storing an envelope delivery's receipt (the
    /// first one the call gave for it); returns the cursors it newly acknowledged.
    /// </summary>
    private static HashSet<long> MarkAcknowledged(WriteContext context, IReadOnlyList<CheckedAck> rows)
    {
        var seen = new HashSet<long>();
        var json = new StringBuilder("[");
        foreach (var (ack, delivery) in rows)
        {
            if (delivery.Kind == DeliveryKind.LifecycleOrder || !seen.Add(ack.Cursor))
            {
                continue;
            }

            json.Append(json.Length > 1 ? ",[" : "[").Append(ack.Cursor.ToString(CultureInfo.InvariantCulture));
            if (delivery.Kind == DeliveryKind.Envelope)
            {
                json.Append(",\"").Append(Convert.ToHexString(ack.DeliveryReceipt!)).Append('"');
            }

            json.Append(']');
        }

        if (seen.Count == 0)
        {
            return seen;
        }

        return context.Connection.Query(
            """
            UPDATE deliveries SET acked_at_ms = $now, delivery_receipt = coalesce(unhex(a.value ->> 1), deliveries.delivery_receipt)
            FROM json_each($acks) a
            WHERE deliveries.cursor = a.value ->> 0 AND deliveries.acked_at_ms IS NULL
            RETURNING deliveries.cursor;
            """,
            reader =>
            {
                var newly = new HashSet<long>();
                while (reader.Read())
                {
                    newly.Add(reader.GetInt64(0));
                }

                return newly;
            },
            ("$now", context.NowMs),
            ("$acks", json.Append(']').ToString()));
    }

    private static bool MarkOne(WriteContext context, long cursor) =>
        context.Connection.Execute(
            "UPDATE deliveries SET acked_at_ms = $now WHERE cursor = $cursor AND acked_at_ms IS NULL;",
            ("$now", context.NowMs),
            ("$cursor", cursor)) == 1;

    /// <summary>
    /// The deliveries behind the batch's cursors, in one query (the cursors as a JSON array) rather than
    /// one per acknowledgement; cursors that name no delivery are simply absent.
    /// </summary>
    private static Dictionary<long, Delivered> Lookup(SqliteConnection connection, IReadOnlyList<DeliveryAck> acks)
    {
        var cursors = "[" + string.Join(',', acks.Select(ack => ack.Cursor.ToString(CultureInfo.InvariantCulture))) + "]";
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

        var cursors = "[" + string.Join(',', acknowledgedCursors.Select(cursor => cursor.ToString(CultureInfo.InvariantCulture))) + "]";
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
            reader =>
            {
                while (reader.Read())
                {
                    context.AddedDelivery(reader.GetString(0), reader.GetInt64(1));
                }

                return 0;
            },
            ("$cursors", cursors));
    }

    internal readonly record struct Delivered(string Recipient, DeliveryKind Kind, long HubSequence, string Sender, byte[] MessageId, byte[] OrderId);

    /// <summary>One acknowledgement of the call with the delivery it names, checked.</summary>
    internal readonly record struct CheckedAck(DeliveryAck Ack, Delivered Delivery);
}
