using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>
/// Acknowledgements inside the writer's transaction. All cursors are checked before anything is written
/// (all or nothing). A newly acknowledged envelope delivery stores the recipient's receipt and relays it to
/// the envelope's sender as a kind-2 delivery; <c>relays_cursor</c> is UNIQUE, so exactly one relay each.
/// </summary>
internal static class AcknowledgeTransaction
{
    public static AcknowledgeResult Execute(WriteContext context, PartyId recipient, IReadOnlyList<DeliveryAck> acks)
    {
        var connection = context.Connection;
        var rows = new List<(DeliveryAck Ack, DeliveryKind Kind, long HubSequence, string Sender, byte[] MessageId)>(acks.Count);
        foreach (var ack in acks)
        {
            using var command = connection.Command(
                """
                SELECT d.recipient, d.kind, d.hub_sequence, m.sender, m.message_id
                FROM deliveries d JOIN messages m ON m.hub_sequence = d.hub_sequence
                WHERE d.cursor = $cursor;
                """,
                ("$cursor", ack.Cursor));
            using var reader = command.ExecuteReader();
            if (!reader.Read() || !string.Equals(reader.GetString(0), recipient.Uri, StringComparison.Ordinal))
            {
                return AcknowledgeResult.Refused(AcknowledgeStatus.UnknownCursor, ack.Cursor);
            }

            var kind = (DeliveryKind)reader.GetInt64(1);
            if (kind == DeliveryKind.Envelope && !ack.HasReceipt)
            {
                return AcknowledgeResult.Refused(AcknowledgeStatus.ReceiptRequired, ack.Cursor);
            }

            var messageId = (byte[])reader[4];
            var mismatch = (ack.ReceiptMessageId is { } named && !named.AsSpan().SequenceEqual(messageId))
                || (ack.ReceiptSender is { } sender && !string.Equals(sender, reader.GetString(3), StringComparison.Ordinal));
            if (kind == DeliveryKind.Envelope && mismatch)
            {
                return AcknowledgeResult.Refused(AcknowledgeStatus.ReceiptMismatch, ack.Cursor);
            }

            rows.Add((ack, kind, reader.GetInt64(2), reader.GetString(3), messageId));
        }

        var newly = 0;
        foreach (var (ack, kind, hubSequence, sender, messageId) in rows)
        {
            var receipt = kind == DeliveryKind.Envelope ? ack.DeliveryReceipt : null;
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
            if (kind == DeliveryKind.Envelope)
            {
                Relay(context, sender, hubSequence, receipt!, ack.Cursor);
                HubAudit.Append(connection, context.NowMs, recipient.Uri, AuditActions.Acknowledge, messageId,
                    $"cursor={ack.Cursor} hub_sequence={hubSequence}");
            }
        }

        return AcknowledgeResult.Success(acks.Count, newly);
    }

    private static void Relay(WriteContext context, string sender, long hubSequence, byte[] receipt, long acknowledgedCursor)
    {
        var cursor = context.Connection.Scalar(
            """
            INSERT INTO deliveries (recipient, kind, hub_sequence, delivery_receipt, relays_cursor)
            VALUES ($sender, 2, $hub, $receipt, $relays)
            ON CONFLICT (relays_cursor) DO NOTHING
            RETURNING cursor;
            """,
            ("$sender", sender),
            ("$hub", hubSequence),
            ("$receipt", receipt),
            ("$relays", acknowledgedCursor));
        if (cursor is long relayed)
        {
            context.AddedDelivery(sender, relayed);
        }
    }
}
