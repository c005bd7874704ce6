using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>Reads outbox rows with their addressees and delivery receipts, in one read transaction.</summary>
internal static class OutboxReader
{
    /// <summary><paramref name="where"/> is a fixed SQL fragment from this assembly; values go in parameters.</summary>
    public static IReadOnlyList<OutboxEntry> Read(
        SqliteConnection connection, string where, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Read(connection, where, withDeliveries: true, parameters);

    /// <summary>
    /// As <see cref="Read(SqliteConnection, string, ReadOnlySpan{ValueTuple{string, object}})"/>; without
    /// <paramref name="withDeliveries"/> each entry's <see cref="OutboxEntry.Deliveries"/> is left empty (one query
    /// fewer per row, for a reader that never looks at them).
    /// </summary>
    public static IReadOnlyList<OutboxEntry> Read(
        SqliteConnection connection, string where, bool withDeliveries, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        connection.Execute("BEGIN;");
        try
        {
            // Query, not Command: on a kept read connection (NodeDatabase.Readers) the statements stay compiled.
            var rows = connection.Query(
                $"""
                SELECT local_id, message_id, sequence, actor, plaintext, envelope, created_at_ms, state, state_at_ms,
                       receipt, hub_sequence, reject_reason, reject_detail, matching_tokens, {Ledger.CopyLifecycle.Columns}
                FROM outbox WHERE {where};
                """,
                reader =>
                {
                    var found = new List<OutboxEntry>();
                    while (reader.Read())
                    {
                        var localId = reader.GetInt64(0);
                        found.Add(new OutboxEntry(
                            localId, (byte[])reader[1], reader.GetInt64(2), reader.GetString(3), (byte[])reader[4],
                            reader.IsDBNull(5) ? null : (byte[])reader[5], Addressees(connection, localId), reader.GetInt64(6),
                            (OutboxState)reader.GetInt64(7), reader.GetInt64(8), reader.IsDBNull(9) ? null : (byte[])reader[9],
                            reader.IsDBNull(10) ? null : reader.GetInt64(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                            reader.IsDBNull(12) ? null : reader.GetString(12), withDeliveries ? Deliveries(connection, localId) : [])
                        {
                            MatchingTokens = reader.IsDBNull(13) ? null : (byte[])reader[13],
                            Lifecycle = Ledger.CopyLifecycle.FromRow(reader, 14),
                        });
                    }

                    return found;
                },
                parameters);

            return rows;
        }
        finally
        {
            connection.Execute("COMMIT;");
        }
    }

    public static List<string> Addressees(SqliteConnection connection, long localId) =>
        connection.Query(
            "SELECT addressee FROM outbox_addressees WHERE local_id = $local ORDER BY addressee;",
            reader =>
            {
                var addressees = new List<string>();
                while (reader.Read())
                {
                    addressees.Add(reader.GetString(0));
                }

                return addressees;
            },
            ("$local", localId));

    private static List<OutboxDelivery> Deliveries(SqliteConnection connection, long localId) =>
        connection.Query(
            "SELECT recipient, receipt, received_at_ms FROM outbox_deliveries WHERE local_id = $local ORDER BY recipient;",
            reader =>
            {
                var deliveries = new List<OutboxDelivery>();
                while (reader.Read())
                {
                    deliveries.Add(new OutboxDelivery(reader.GetString(0), (byte[])reader[1], reader.GetInt64(2)));
                }

                return deliveries;
            },
            ("$local", localId));
}
