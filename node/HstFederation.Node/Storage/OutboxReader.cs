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
        SqliteConnection connection, string where, bool withDeliveries, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Read(connection, where, withDeliveries, "envelope", long.MaxValue, parameters);

    /// <summary>
    /// For the agency API: each entry's <see cref="OutboxEntry.Envelope"/> left null (never read: up to 4 MB a row), and no
    /// more rows once their plaintext adds up to <paramref name="maxBytes"/> (the row that reaches it is the last one).
    /// </summary>
    public static IReadOnlyList<OutboxEntry> ReadContent(
        SqliteConnection connection, string where, long maxBytes, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Read(connection, where, withDeliveries: true, "NULL", maxBytes, parameters);

    private static IReadOnlyList<OutboxEntry> Read(
        SqliteConnection connection, string where, bool withDeliveries, string envelopeColumn, long maxBytes,
        ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        connection.Execute("BEGIN;");
        try
        {
            // Query, not Command: on a kept read connection (NodeDatabase.Readers) the statements stay compiled.
            var rows = connection.Query(
                $"""
                SELECT local_id, message_id, sequence, actor, plaintext, {envelopeColumn}, created_at_ms, state, state_at_ms,
                       receipt, hub_sequence, reject_reason, reject_detail, matching_tokens, {Ledger.CopyLifecycle.Columns}
                FROM outbox WHERE {where};
                """,
                reader =>
                {
                    var found = new List<OutboxEntry>();
                    var bytes = 0L;
                    while (bytes < maxBytes && reader.Read())
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
                        bytes += found[^1].Plaintext.Length;
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
