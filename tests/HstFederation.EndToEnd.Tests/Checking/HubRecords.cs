using Google.Protobuf;
using HstFederation.Protocol.V1;

namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>What the stopped hub's database holds, read in one read-only snapshot: accepted messages and deliveries.</summary>
internal sealed class HubRecords
{
    public required Dictionary<MessageKey, HubMessage> Messages { get; init; }

    public required List<HubDelivery> Deliveries { get; init; }

    public static HubRecords Read(string databasePath)
    {
        using var connection = ReadOnlyDatabase.Open(databasePath);
        connection.Execute("BEGIN;");
        try
        {
            var messages = new Dictionary<MessageKey, HubMessage>();
            var bySequence = new Dictionary<long, MessageKey>();
            using (var command = connection.Command("SELECT hub_sequence, sender, message_id, envelope_sha256, receipt FROM messages;"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var key = MessageKey.Of(reader.GetString(1), (byte[])reader[2]);
                    messages.Add(key, new HubMessage(key, reader.GetInt64(0), (byte[])reader[3], (byte[])reader[4]));
                    bySequence.Add(reader.GetInt64(0), key);
                }
            }

            var deliveries = new List<HubDelivery>();
            var batches = new List<(HubDelivery Relay, byte[] Batch)>();
            using (var command = connection.Command(
                """
                SELECT d.cursor, d.recipient, d.kind, d.hub_sequence, coalesce(b.receipts, d.delivery_receipt), d.acked_at_ms, d.relays_cursor,
                       d.batched_receipts IS NOT NULL, d.relayed_in
                FROM deliveries d LEFT JOIN relayed_receipts b ON b.cursor = d.cursor ORDER BY d.cursor;
                """))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var delivery = new HubDelivery(
                        reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) == 1 ? DeliveryKind.Envelope : DeliveryKind.Relay,
                        bySequence[reader.GetInt64(3)], reader.IsDBNull(4) ? null : (byte[])reader[4], !reader.IsDBNull(5),
                        reader.IsDBNull(6) ? null : reader.GetInt64(6))
                    { RelayedIn = reader.IsDBNull(8) ? null : reader.GetInt64(8) };
                    if (reader.GetBoolean(7))
                    {
                        batches.Add((delivery, delivery.DeliveryReceipt!));
                    }
                    else
                    {
                        deliveries.Add(delivery);
                    }
                }
            }

            deliveries.AddRange(batches.SelectMany(batch => Unbatched(batch.Relay, batch.Batch, deliveries)));
            return new HubRecords { Messages = messages, Deliveries = deliveries };
        }
        finally
        {
            connection.Execute("COMMIT;");
        }
    }

    /// <summary>
    /// A relayed batch as one relay per receipt it carries, each answering the envelope delivery that names the batch in
    /// relayed_in and is the delivery that receipt is for (same message id, same recipient), so the checker sees every
    /// relay as it sees a single one. A batch whose receipts and naming deliveries do not pair up one to one is a broken
    /// store, not a finding to count.
    /// </summary>
    private static IEnumerable<HubDelivery> Unbatched(HubDelivery batch, byte[] bytes, List<HubDelivery> deliveries)
    {
        var receipts = DeliveryReceiptBatch.Parser.ParseFrom(bytes).Receipts;
        var answered = deliveries.Where(d => d.Kind == DeliveryKind.Envelope && d.RelayedIn == batch.Cursor).ToList();
        var relays = new List<HubDelivery>();
        foreach (var receipt in receipts)
        {
            var statement = DeliveryReceipt.Parser.ParseFrom(receipt.Statement);
            var id = Convert.ToHexString(statement.MessageId.Span);
            if (answered.SingleOrDefault(d => d.Recipient == statement.Recipient && d.Message.Id == id) is { } delivery)
            {
                relays.Add(batch with { Message = delivery.Message, DeliveryReceipt = receipt.ToByteArray(), RelaysCursor = delivery.Cursor });
            }
        }

        if (relays.Count != receipts.Count || answered.Count != receipts.Count || relays.DistinctBy(r => r.RelaysCursor).Count() != relays.Count)
        {
            throw new InvalidOperationException(
                $"The relay batch at cursor {batch.Cursor} carries {receipts.Count} receipts, {answered.Count} deliveries name it and {relays.Count} receipts are for one of them.");
        }

        return relays;
    }
}
