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
            using (var command = connection.Command("SELECT cursor, recipient, kind, hub_sequence, delivery_receipt, acked_at_ms, relays_cursor FROM deliveries ORDER BY cursor;"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    deliveries.Add(new HubDelivery(
                        reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) == 1 ? DeliveryKind.Envelope : DeliveryKind.Relay,
                        bySequence[reader.GetInt64(3)], reader.IsDBNull(4) ? null : (byte[])reader[4], !reader.IsDBNull(5),
                        reader.IsDBNull(6) ? null : reader.GetInt64(6)));
                }
            }

            return new HubRecords { Messages = messages, Deliveries = deliveries };
        }
        finally
        {
            connection.Execute("COMMIT;");
        }
    }
}
