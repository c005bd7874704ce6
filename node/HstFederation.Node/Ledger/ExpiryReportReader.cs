using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Ledger;

/// <summary>The stored expiry reports (migration 13), inside the caller's snapshot: by message (`show`) or newest first (`status`).</summary>
internal static class ExpiryReportReader
{
    private const string Select = "SELECT id, message_id, expiry_order_id, retain_until_ms, expired_at_ms FROM expiry_reports";

    /// <summary>Through expiry_reports_by_message; one per message as the hub sends it, oldest first should it repeat.</summary>
    public static List<ExpiredUndelivered> ForMessage(SqliteConnection connection, byte[] messageId) =>
        Reports(connection, $"{Select} WHERE message_id = $id ORDER BY id;", ("$id", messageId));

    /// <summary>The <paramref name="max"/> latest (expiry_reports_by_expiry).</summary>
    public static List<ExpiredUndelivered> Latest(SqliteConnection connection, int max) =>
        Reports(connection, $"{Select} ORDER BY expired_at_ms DESC, id DESC LIMIT $max;", ("$max", max));

    public static long Count(SqliteConnection connection) => (long)connection.Scalar("SELECT COUNT(*) FROM expiry_reports;")!;

    private static List<ExpiredUndelivered> Reports(SqliteConnection connection, string sql, params (string, object?)[] parameters)
    {
        var rows = connection.Query(
            sql,
            reader =>
            {
                var found = new List<(long Id, byte[] MessageId, byte[] OrderId, long Until, long Expired)>();
                while (reader.Read())
                {
                    found.Add((reader.GetInt64(0), (byte[])reader[1], (byte[])reader[2], reader.GetInt64(3), reader.GetInt64(4)));
                }

                return found;
            },
            parameters);
        return rows.ConvertAll(row => new ExpiredUndelivered(row.MessageId, row.OrderId, row.Until, row.Expired, Recipients(connection, row.Id)));
    }

    private static List<UndeliveredRecipient> Recipients(SqliteConnection connection, long reportId) =>
        connection.Query(
            "SELECT recipient, forwarded_copy, queued_at_ms, first_streamed_at_ms FROM expiry_report_recipients WHERE report_id = $report ORDER BY recipient;",
            reader =>
            {
                var recipients = new List<UndeliveredRecipient>();
                while (reader.Read())
                {
                    recipients.Add(new UndeliveredRecipient(reader.GetString(0), reader.GetBoolean(1), reader.GetInt64(2), LedgerReader.Nullable(reader, 3)));
                }

                return recipients;
            },
            ("$report", reportId));
}
