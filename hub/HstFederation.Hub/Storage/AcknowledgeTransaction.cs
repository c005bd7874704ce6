using System.Globalization;
using System.Security.Cryptography;
using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// Acknowledgements inside the writer's transaction. All cursors are checked before anything is written
/// (all or nothing). A newly acknowledged envelope delivery's receipt is relayed to the envelope's sender in that
/// sender's batch of this call (one kind-2 delivery per source, <see cref="RelayBatches"/>), which is where the hub keeps
/// it: the delivery row names the batch in <c>relayed_in</c>. The hub's own messages have no one to relay to; their
/// receipts stay on their delivery rows. Each newly acknowledged envelope delivery gets its own <c>acknowledge</c> audit entry.
/// </summary>
internal static class AcknowledgeTransaction
{
    /// <param name="certificate">The serial of the TLS client certificate the call came through, on its audit entries.</param>
    public static AcknowledgeResult Execute(WriteContext context, PartyId recipient, IReadOnlyList<DeliveryAck> acks, string? certificate = null)
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
                || (ack.ReceiptSender is { } sender && !string.Equals(sender, delivery.Sender, StringComparison.Ordinal))
                || (ack.ReceiptHeaderSha256 is { } header && delivery.HeaderSha256() is { } delivered && !header.AsSpan().SequenceEqual(delivered));
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

        var relays = RelayBatches(context, rows);
        var newly = 0;
        AuditAppender? audit = null;
        foreach (var (ack, delivery) in rows)
        {
            // A relayed receipt is stored once, in its batch; the delivery row only names the batch, so it does not grow
            // by the receipt (a grown row moves to a page of its own, and every commit writes every page it touched).
            var relayed = relays.TryGetValue(ack.Cursor, out var relay);
            var receipt = delivery.Kind == DeliveryKind.Envelope && !relayed ? ack.DeliveryReceipt : null;
            var updated = connection.Execute(
                """
                UPDATE deliveries SET acked_at_ms = $now, delivery_receipt = coalesce($receipt, delivery_receipt), relayed_in = $relayedIn
                WHERE cursor = $cursor AND acked_at_ms IS NULL;
                """,
                ("$now", context.NowMs),
                ("$receipt", receipt),
                ("$relayedIn", relayed ? relay : null),
                ("$cursor", ack.Cursor));
            if (updated == 0)
            {
                continue;
            }

            newly++;
            if (delivery.Kind == DeliveryKind.Envelope)
            {
                // One entry per acknowledgement as before; only the chain's head is read once per batch, not per entry.
                audit ??= HubAudit.Appender(connection);
                audit.Append(context.NowMs, recipient.Uri, AuditActions.Acknowledge, delivery.MessageId,
                    $"cursor={ack.Cursor} hub_sequence={delivery.HubSequence}", certificate);
            }
            else if (delivery.Kind == DeliveryKind.LifecycleOrder)
            {
                audit ??= HubAudit.Appender(connection);
                LifecycleConfirmationRows.Record(context, audit, recipient, delivery.Sender, delivery.HubSequence, delivery.MessageId, ack.Cursor, ack.Confirmation!, certificate);
            }
        }

        return AcknowledgeResult.Success(acks.Count, newly);
    }

    /// <summary>
    /// Relays the receipts of the envelope deliveries this call newly acknowledges: one kind-2 row per source, holding a
    /// DeliveryReceiptBatch of that source's receipts in the call's order, its <c>relays_cursor</c> the first of them (so
    /// the UNIQUE still means "relayed once"; the batch's bytes in <c>relayed_receipts</c>). Returns the relay's cursor for each acknowledged delivery it carries. None
    /// for the hub's own messages, whose receipts stay on their delivery rows, and none for a delivery acknowledged
    /// before (or earlier in this call): exactly once, decided here because the writer is the only one writing.
    /// One row per source rather than per receipt: the relays were half the rows the writer handled per delivery.
    /// </summary>
    private static Dictionary<long, long> RelayBatches(WriteContext context, List<(DeliveryAck Ack, Delivered Delivery)> rows)
    {
        var bySource = new Dictionary<string, List<(DeliveryAck Ack, Delivered Delivery)>>(StringComparer.Ordinal);
        var seen = new HashSet<long>();
        foreach (var row in rows)
        {
            if (row.Delivery.Kind != DeliveryKind.Envelope || row.Delivery.Acknowledged || !seen.Add(row.Ack.Cursor)
                || string.Equals(row.Delivery.Sender, PartyId.Hub.Uri, StringComparison.Ordinal))
            {
                continue;
            }

            if (!bySource.TryGetValue(row.Delivery.Sender, out var batch))
            {
                bySource[row.Delivery.Sender] = batch = [];
            }

            batch.Add(row);
        }

        var relays = new Dictionary<long, long>(seen.Count);
        foreach (var (source, batch) in bySource)
        {
            var first = batch[0];
            // The batch itself goes to relayed_receipts (migration 12); the row keeps an empty receipt, so the deliveries
            // table stays rows of a few dozen bytes and an acknowledgement call rewrites a few pages, not one per delivery.
            var cursor = (long)context.Connection.Scalar(
                """
                INSERT INTO deliveries (recipient, kind, hub_sequence, delivery_receipt, relays_cursor, batched_receipts)
                VALUES ($source, 2, $hub, X'', $first, $count)
                RETURNING cursor;
                """,
                ("$source", source),
                ("$hub", first.Delivery.HubSequence),
                ("$first", first.Ack.Cursor),
                ("$count", batch.Count))!;
            context.Connection.Execute(
                "INSERT INTO relayed_receipts (cursor, receipts) VALUES ($cursor, $batch);",
                ("$cursor", cursor),
                ("$batch", ReceiptBatches.Serialize(batch.Select(row => row.Ack.DeliveryReceipt!))));
            context.AddedDelivery(source, cursor);
            foreach (var row in batch)
            {
                relays[row.Ack.Cursor] = cursor;
            }
        }

        return relays;
    }

    /// <summary>
    /// The deliveries behind the batch's cursors, in one query (the cursors as a JSON array) rather than
    /// one per acknowledgement; cursors that name no delivery are simply absent. An envelope delivery's header hash is
    /// the message's lifecycle row's; a message without one (the hub's own, or a member's accepted before migration 5 and
    /// never ordered) has its envelope read only then. A member's message is purged only through its lifecycle row; the
    /// hub's own hit notifications and products are emptied without one (Lifecycle/PurgedHits, PurgedProducts).
    /// </summary>
    private static Dictionary<long, Delivered> Lookup(SqliteConnection connection, IReadOnlyList<DeliveryAck> acks)
    {
        var cursors = JsonArray(acks.Select(ack => ack.Cursor));
        return connection.Query(
            """
            SELECT d.cursor, d.recipient, d.kind, d.hub_sequence, m.sender, m.message_id, d.order_id, d.acked_at_ms IS NOT NULL,
                   l.header_sha256, CASE WHEN d.kind = 1 AND l.header_sha256 IS NULL THEN m.envelope END
            FROM deliveries d JOIN messages m ON m.hub_sequence = d.hub_sequence
                LEFT JOIN message_lifecycle l ON l.hub_sequence = d.hub_sequence
            WHERE d.cursor IN (SELECT value FROM json_each($cursors));
            """,
            reader =>
            {
                var found = new Dictionary<long, Delivered>(acks.Count);
                while (reader.Read())
                {
                    found[reader.GetInt64(0)] = new Delivered(
                        reader.GetString(1), (DeliveryKind)reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4), (byte[])reader[5],
                        reader.IsDBNull(6) ? [] : (byte[])reader[6], reader.GetBoolean(7),
                        reader.IsDBNull(8) ? null : (byte[])reader[8], reader.IsDBNull(9) ? null : (byte[])reader[9]);
                }

                return found;
            },
            ("$cursors", cursors));
    }

    /// <summary>Cursors as a JSON array, for <c>json_each</c>: one parameter however many there are.</summary>
    private static string JsonArray(IEnumerable<long> cursors) =>
        "[" + string.Join(',', cursors.Select(cursor => cursor.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <param name="LifecycleHeaderSha256">The header hash on the message's lifecycle row, if it has one.</param>
    /// <param name="Envelope">The stored envelope of an envelope delivery whose message has no lifecycle row, else null.</param>
    private readonly record struct Delivered(
        string Recipient, DeliveryKind Kind, long HubSequence, string Sender, byte[] MessageId, byte[] OrderId, bool Acknowledged,
        byte[]? LifecycleHeaderSha256, byte[]? Envelope)
    {
        /// <summary>
        /// The delivered header's hash, computed only when a receipt is compared with it; empty (matching no receipt)
        /// when neither the lifecycle row nor a parsable envelope is there to tell. Null for the hub's own message whose
        /// envelope a purge emptied (a hit notification or product about a recalled or expired message): the header can
        /// no longer be hashed, and a node that received it before the purge must still be able to acknowledge it, or it
        /// would send the same batch again for ever without moving its cursor. Its message id and sender are still
        /// compared; the hub relays no receipt of its own messages.
        /// </summary>
        public byte[]? HeaderSha256()
        {
            if (LifecycleHeaderSha256 is { } stored)
            {
                return stored;
            }

            if (Envelope is { Length: 0 } && string.Equals(Sender, PartyId.Hub.Uri, StringComparison.Ordinal))
            {
                return null;
            }

            try
            {
                return Envelope is { Length: > 0 } bytes ? SHA256.HashData(Protocol.V1.Envelope.Parser.ParseFrom(bytes).Header.Span) : [];
            }
            catch (Google.Protobuf.InvalidProtocolBufferException)
            {
                return [];
            }
        }
    }
}
