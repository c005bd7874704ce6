using System.Globalization;
using HstFederation.Node.Audit;
using HstFederation.Node.Intelligence;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// A purge's reach into the analytical products built from the message (docs/intelligence.md, "The recipient's copy"), as
/// the hub's own PurgedProducts does for its copy. A product carries the names, links and routes of its sources, so when
/// this node purges a copy of a message — its inbox copy recalled, restricted away or expired, its own outbox copy at its
/// retention date, the source's order for a message never stored here, or this node's own recall once the hub accepted
/// it — every inbox row carrying a product whose <c>product_sources</c> (Migration0014) list that message is emptied as a
/// purged copy is (envelope and plaintext blanked, purged_at_ms and the cause set), in the purge's transaction, whose
/// <c>secure_delete</c> and WAL checkpoint clear the bytes. The <c>products</c> row stays for the ledger (id, kind,
/// period, number of sources, the one-line summary). A product arriving after one of its sources went is emptied on
/// arrival, and one stored before Migration0014 has its sources recorded, and is purged if one went, at open
/// (<see cref="CatchUp"/>). A truncated product lists only some of its sources: only those are known here.
/// </summary>
internal static class PurgedProducts
{
    private const string Copies = """
        SELECT c.inbox_local_id FROM product_copies c JOIN product_sources s ON s.product_row = c.product_row
        WHERE s.sender = $sender AND s.message_id = $id
        """;

    /// <summary>Purges every product listing <paramref name="source"/>'s <paramref name="messageId"/>; returns how many copies.</summary>
    public static int Purge(WriteContext context, string source, byte[] messageId, string cause)
    {
        var purged = context.Connection.Execute(
            $"""
            UPDATE inbox SET envelope = X'', plaintext = X'', purged_at_ms = $now, purge_cause = $cause
            WHERE purged_at_ms IS NULL AND local_id IN ({Copies});
            """,
            ("$now", context.NowMs), ("$cause", cause), ("$sender", source), ("$id", messageId));
        if (purged > 0)
        {
            // Named by the purged message's id, so its ledger shows the products built from it went too.
            NodeAudit.Append(context.Connection, context.NowMs, "node", NodeAuditActions.Purge, messageId,
                $"products={purged.ToString(CultureInfo.InvariantCulture)} cause={cause}");
        }

        return purged;
    }

    /// <summary>
    /// Records the product just stored in inbox row <paramref name="localId"/>: the row's link to its <c>products</c> row (the
    /// first copy's, for a repeated one) and the sources the checked <paramref name="product"/> lists. Returns the product row.
    /// </summary>
    public static long Record(SqliteConnection connection, long localId, AnalyticalProduct product)
    {
        var productRow = (long)connection.Scalar("SELECT id FROM products WHERE product_id = $id;", ("$id", product.ProductId.ToByteArray()))!;
        connection.Execute(
            "INSERT INTO product_copies (inbox_local_id, product_row) VALUES ($local, $row);", ("$local", localId), ("$row", productRow));
        foreach (var source in product.Sources)
        {
            connection.Execute(
                "INSERT INTO product_sources (product_row, sender, message_id) VALUES ($row, $sender, $id) ON CONFLICT DO NOTHING;",
                ("$row", productRow), ("$sender", source.Sender), ("$id", source.MessageId.ToByteArray()));
        }

        return productRow;
    }

    /// <summary>
    /// A product just stored one of whose sources this node already purged (or recalled, as its source): emptied at once,
    /// with any earlier copy of it. Returns whether it was.
    /// </summary>
    public static bool OnArrival(WriteContext context, long productRow, string me)
    {
        if (Gone(context.Connection, productRow, me) is not { } gone)
        {
            return false;
        }

        var purged = Empty(context.Connection, context.NowMs, productRow, gone.Cause);
        NodeAudit.Append(context.Connection, context.NowMs, "node", NodeAuditActions.Purge, gone.MessageId,
            $"products={purged.ToString(CultureInfo.InvariantCulture)} cause={gone.Cause} on arrival");
        return true;
    }

    /// <summary>
    /// At open: products stored before Migration0014 (an inbox row with content and no <c>product_copies</c> row) have their
    /// sources recorded from the plaintext, parsed and checked again as on arrival, and each one a source of which this node
    /// already purged (its tombstone) or recalled is purged — audited, and the WAL truncated. Read and written a page of
    /// <see cref="PageSize"/> rows at a time, one transaction per page: memory and the write lock stay bounded however many
    /// wait, and a page's work is idempotent (a recorded row leaves the set), so an open cut short resumes where it stopped.
    /// A row that no longer parses or passes the check must not keep the node from opening: it is left as stored, unrecorded
    /// (so no source's purge can find it, and <see cref="IsRecorded"/> keeps it from agencies), and audited by its local id
    /// and reason at every open until the operator deals with it. Nothing is written when no product waits.
    /// </summary>
    public static (int Purged, IReadOnlyList<long> Skipped) CatchUp(SqliteConnection connection, long nowMs)
    {
        var purged = 0;
        var skipped = new List<long>();
        for (var after = 0L; Unrecorded(connection, after) is { Count: > 0 } page; after = page[^1].LocalId)
        {
            purged += CatchUpPage(connection, nowMs, page);
            skipped.AddRange(page.Where(row => row.Product is null).Select(row => row.LocalId));
        }

        if (purged > 0)
        {
            connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        }

        return (purged, skipped);
    }

    /// <summary>
    /// Whether inbox row <paramref name="inboxLocalId"/>'s product has its sources recorded. One that has not (skipped by
    /// <see cref="CatchUp"/>) cannot be matched to its sources' purges, so it is never served as a held product.
    /// </summary>
    public static bool IsRecorded(SqliteConnection connection, long inboxLocalId) =>
        connection.Scalar("SELECT 1 FROM product_copies WHERE inbox_local_id = $local;", ("$local", inboxLocalId)) is not null;

    /// <summary>
    /// SQL: inbox row <c>i</c> (a product still holding content) has no <c>product_copies</c> link, so the open-time catch-up
    /// left it unrecorded. Exact, where the audit's <c>unrecorded</c> entries are not: a product arriving now is linked in its
    /// own transaction, and <see cref="CatchUp"/> runs at every open before anything reads, linking every row that parses and
    /// passes; so a held row without a link is one it skipped at this open, no more and no fewer. The audit says the same at
    /// every open, once per open, and keeps saying it after the row went (withdrawn by the hub, say).
    /// </summary>
    internal const string UnrecordedCopy =
        "i.purged_at_ms IS NULL AND NOT EXISTS (SELECT 1 FROM product_copies c WHERE c.inbox_local_id = i.local_id)";

    /// <summary>How many unrecorded product rows <see cref="CatchUp"/> parses and writes at a time.</summary>
    internal const int PageSize = 64;

    private static int CatchUpPage(SqliteConnection connection, long nowMs, List<(long LocalId, AnalyticalProduct? Product, string? Reason)> page)
    {
        connection.Execute("BEGIN IMMEDIATE;");
        try
        {
            var purged = 0;
            foreach (var (localId, product, reason) in page)
            {
                if (product is null)
                {
                    // Ids and a reason code only: the content stays where it is, out of the audit.
                    NodeAudit.Append(connection, nowMs, "node", NodeAuditActions.Unrecorded, null,
                        $"product inbox={localId.ToString(CultureInfo.InvariantCulture)} reason={reason}");
                    continue;
                }

                var productRow = Record(connection, localId, product);
                if (Gone(connection, productRow, product.Recipient) is { } gone)
                {
                    purged += Empty(connection, nowMs, productRow, gone.Cause);
                }
            }

            if (purged > 0)
            {
                NodeAudit.Append(connection, nowMs, "node", NodeAuditActions.Purge, null,
                    $"products={purged.ToString(CultureInfo.InvariantCulture)} whose source was purged before this node purged products");
            }

            connection.Execute("COMMIT;");
            return purged;
        }
        catch
        {
            connection.TryRollback();
            throw;
        }
    }

    /// <summary>
    /// The first of the product's sources to go here: a tombstone (purged here, or never held and recalled or expired), or
    /// this node's own message whose recall the hub accepted (a recall leaves the source's own copy, not its products).
    /// </summary>
    private static (string Cause, byte[] MessageId)? Gone(SqliteConnection connection, long productRow, string me) =>
        connection.Query(
            """
            SELECT cause, message_id FROM (
                SELECT t.cause AS cause, t.message_id AS message_id, t.purged_at_ms AS at
                FROM product_sources s JOIN tombstones t ON t.sender = s.sender AND t.message_id = s.message_id
                WHERE s.product_row = $row
                UNION ALL
                SELECT 'recalled', o.message_id, o.state_at_ms
                FROM product_sources s JOIN lifecycle_orders_issued o ON o.message_id = s.message_id
                WHERE s.product_row = $row AND s.sender = $me AND o.action = 'recall' AND o.state = 2)
            ORDER BY at LIMIT 1;
            """,
            reader => reader.Read() ? (reader.GetString(0), (byte[])reader[1]) : default((string, byte[])?),
            ("$row", productRow), ("$me", me));

    internal static int Empty(SqliteConnection connection, long nowMs, long productRow, string cause) =>
        connection.Execute(
            """
            UPDATE inbox SET envelope = X'', plaintext = X'', purged_at_ms = $now, purge_cause = $cause
            WHERE purged_at_ms IS NULL AND local_id IN (SELECT inbox_local_id FROM product_copies WHERE product_row = $row);
            """,
            ("$now", nowMs), ("$cause", cause), ("$row", productRow));

    /// <summary>
    /// The next page of product rows after <paramref name="after"/> still holding content and not recorded (stored before
    /// Migration0014), parsed and checked as on arrival; one that fails either comes with no product and its reason code.
    /// </summary>
    private static List<(long LocalId, AnalyticalProduct? Product, string? Reason)> Unrecorded(SqliteConnection connection, long after)
    {
        using var command = connection.Command(
            $"""
            SELECT local_id, plaintext FROM inbox i
            WHERE local_id > $after AND content_type = $type AND {UnrecordedCopy}
            ORDER BY local_id LIMIT $limit;
            """,
            ("$after", after), ("$type", HubContent.AnalyticalProductType), ("$limit", PageSize));
        using var reader = command.ExecuteReader();
        var rows = new List<(long, AnalyticalProduct?, string?)>();
        while (reader.Read())
        {
            var localId = reader.GetInt64(0);
            AnalyticalProduct product;
            try
            {
                product = AnalyticalProduct.Parser.ParseFrom((byte[])reader[1]);
            }
            catch (Google.Protobuf.InvalidProtocolBufferException)
            {
                rows.Add((localId, null, "unparseable"));
                continue;
            }

            // It was checked before it was stored; one that no longer passes is reported, not trusted.
            var passes = PartyId.TryParse(product.Recipient, out var recipient) && HubContentCheck.Product(product, recipient).Problem is null;
            rows.Add(passes ? (localId, product, null) : (localId, null, "check-failed"));
        }

        return rows;
    }
}
