using HstFederation.Node.Audit;
using HstFederation.Node.Intelligence;
using HstFederation.Protocol.Envelope;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// Moves a stored piece of the hub's content to quarantine (<see cref="HubContentRecheck"/>): its typed rows, then each
/// inbox row carrying it, whose envelope becomes a quarantine row as the subscriber writes one for a fresh arrival.
/// </summary>
internal static class HubContentRemoval
{
    /// <summary>"hit notification", "analytical product"…: how <see cref="HubContentCheck"/> names each in its problems.</summary>
    public static string What(string type) => type switch
    {
        HubContent.HitNotificationType => "hit notification",
        HubContent.AnalyticalProductType => "analytical product",
        ProtocolVersions.RetentionReviewContentType => "retention review",
        _ => "expiry report",
    };

    /// <summary>The times the typed rows of inbox row <paramref name="localId"/> keep (all but a recipient's unstreamed NULL).</summary>
    public static List<long> StoredTimes(SqliteConnection connection, long localId, string type)
    {
        var sql = type switch
        {
            HubContent.HitNotificationType => $"SELECT detected_at_ms FROM hits WHERE id IN ({HitRow})",
            HubContent.AnalyticalProductType => $"""
                SELECT produced_at_ms FROM products WHERE id IN ({ProductRow})
                UNION ALL SELECT period_start_ms FROM products WHERE id IN ({ProductRow})
                UNION ALL SELECT period_end_ms FROM products WHERE id IN ({ProductRow})
                """,
            ProtocolVersions.RetentionReviewContentType =>
                "SELECT retain_until_ms FROM retention_reviews WHERE inbox_local_id = $local UNION ALL SELECT requested_at_ms FROM retention_reviews WHERE inbox_local_id = $local",
            _ => """
                SELECT retain_until_ms FROM expiry_reports WHERE inbox_local_id = $local
                UNION ALL SELECT expired_at_ms FROM expiry_reports WHERE inbox_local_id = $local
                UNION ALL SELECT r.queued_at_ms FROM expiry_report_recipients r JOIN expiry_reports e ON e.id = r.report_id WHERE e.inbox_local_id = $local
                UNION ALL SELECT r.first_streamed_at_ms FROM expiry_report_recipients r JOIN expiry_reports e ON e.id = r.report_id
                    WHERE e.inbox_local_id = $local AND r.first_streamed_at_ms IS NOT NULL
                """,
        };
        return Longs(connection, sql + ";", localId);
    }

    /// <summary>
    /// Removes what inbox row <paramref name="localId"/> holds and quarantines each inbox row that carried it, adding their
    /// local ids to <paramref name="moved"/>.
    /// </summary>
    public static void Move(WriteContext context, long localId, string type, string reason, string detail, HashSet<long> moved)
    {
        var connection = context.Connection;
        var copies = type switch
        {
            HubContent.HitNotificationType => RemoveShared(connection, localId, HitRow, "hit_notifications", "hit_row", "hits", null),
            HubContent.AnalyticalProductType => RemoveShared(connection, localId, ProductRow, "product_copies", "product_row", "products", "product_sources"),
            ProtocolVersions.RetentionReviewContentType => RemoveOwn(connection, localId, "DELETE FROM retention_reviews WHERE inbox_local_id = $local;"),
            _ => RemoveOwn(connection, localId, """
                DELETE FROM expiry_report_recipients WHERE report_id IN (SELECT id FROM expiry_reports WHERE inbox_local_id = $local);
                DELETE FROM expiry_reports WHERE inbox_local_id = $local;
                """),
        };
        foreach (var copy in copies.Append(localId).Distinct())
        {
            Quarantine(context, copy, type, reason, detail);
            moved.Add(copy);
        }
    }

    // The typed row a hit or product copy shares with its repeats: linked (Migration0014) or, before the link, its first row.
    private const string HitRow = "SELECT hit_row FROM hit_notifications WHERE inbox_local_id = $local UNION SELECT id FROM hits WHERE inbox_local_id = $local";
    private const string ProductRow = "SELECT product_row FROM product_copies WHERE inbox_local_id = $local UNION SELECT id FROM products WHERE inbox_local_id = $local";

    /// <summary>Deletes the shared typed row of <paramref name="localId"/> and its links; returns the inbox rows that carried it.</summary>
    private static List<long> RemoveShared(SqliteConnection connection, long localId, string rowOf, string links, string linkColumn, string table, string? details)
    {
        var copies = Longs(connection,
            $"SELECT inbox_local_id FROM {links} WHERE {linkColumn} IN ({rowOf}) UNION SELECT inbox_local_id FROM {table} WHERE id IN ({rowOf});", localId);

        // Read once: the deletes below remove what the subquery finds.
        var rows = Longs(connection, rowOf + ";", localId);

        foreach (var row in rows)
        {
            if (details is not null)
            {
                connection.Execute($"DELETE FROM {details} WHERE {linkColumn} = $row;", ("$row", row));
            }

            connection.Execute($"DELETE FROM {links} WHERE {linkColumn} = $row;", ("$row", row));
            connection.Execute($"DELETE FROM {table} WHERE id = $row;", ("$row", row));
        }

        return copies;
    }

    /// <summary>The first column of every row <paramref name="sql"/> gives for <c>$local</c> = <paramref name="localId"/>.</summary>
    private static List<long> Longs(SqliteConnection connection, string sql, long localId)
    {
        using var command = connection.Command(sql, ("$local", localId));
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }

    private static List<long> RemoveOwn(SqliteConnection connection, long localId, string sql)
    {
        connection.Execute(sql, ("$local", localId));
        return [];
    }

    /// <summary>The row's envelope (empty when a purge emptied it) kept as a quarantined delivery, audited; then the row goes.</summary>
    private static void Quarantine(WriteContext context, long localId, string type, string reason, string detail)
    {
        var connection = context.Connection;
        var (envelope, messageId) = connection.Query(
            "SELECT envelope, message_id FROM inbox WHERE local_id = $local;",
            reader => reader.Read() ? ((byte[])reader[0], (byte[])reader[1]) : throw new InvalidOperationException($"inbox row {localId} is gone"),
            ("$local", localId));
        var id = (long)connection.Scalar(
            "INSERT INTO quarantine (envelope, reason, detail, quarantined_at_ms, item) VALUES ($envelope, $reason, $detail, $now, 'envelope') RETURNING id;",
            ("$envelope", envelope), ("$reason", reason), ("$detail", detail + " (stored before this node checked it; moved at open)"), ("$now", context.NowMs))!;
        NodeAudit.Append(connection, context.NowMs, "hub", NodeAuditActions.Quarantine, messageId,
            $"quarantine_id={HubContentRecheck.Id(id)} item=envelope reason={reason} moved from inbox local_id={HubContentRecheck.Id(localId)} content_type={type}");
        connection.Execute("DELETE FROM inbox WHERE local_id = $local;", ("$local", localId));
    }
}
