using HstFederation.Node.Intelligence;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// Reads hits and products on a read connection, newest first by row id (keyset paging). The content was checked
/// before it was stored (<see cref="HubContentCheck"/>): one that no longer parses fails loudly, never silently.
/// A selector is the end of an id in lower-case hex (<see cref="IntelligenceIds"/>), compared in SQL.
/// </summary>
internal static class IntelligenceReader
{
    /// <summary>
    /// Whether the hub withdrew this very copy (Migration0015): its purge was the hub's word, not a purge of a message here.
    /// A copy the operator discarded first stays discarded: the hub has no such cause, and its later notice only audited it.
    /// </summary>
    private const string ByHub =
        $"(i.purge_cause IS NOT '{LifecyclePurge.Discarded}' AND EXISTS (SELECT 1 FROM hub_withdrawn w WHERE w.message_id = i.message_id AND w.header_sha256 = i.header_hash))";

    private const string HitSql = $"""
        SELECT h.id, h.inbox_local_id, i.plaintext, h.release_state, h.release_at_ms, h.release_actor, h.released_to,
               h.release_reason, h.release_detail, h.kinds, i.purged_at_ms, i.purge_cause,
               h.hit_id, h.detected_at_ms, h.basis, h.your_message_id, h.other_sender, h.other_message_id, h.other_readable, h.score, h.releasable,
               {ByHub}
        FROM hits h JOIN inbox i ON i.local_id = h.inbox_local_id
        """;

    private const string ProductSql = $"""
        SELECT p.id, p.product_id, p.kind, p.produced_at_ms, p.period_start_ms, p.period_end_ms, p.sources, p.description,
               p.inbox_local_id, i.received_at_ms, i.purged_at_ms, i.purge_cause, {ByHub}, {PurgedProducts.UnrecordedCopy}
        FROM products p JOIN inbox i ON i.local_id = p.inbox_local_id
        """;

    /// <summary>What the agency API may serve: a purged product's content is gone, and it names no source left to check.</summary>
    private const string NotPurged = "AND i.purged_at_ms IS NULL";

    public static MessagePage<HitEntry> Hits(SqliteConnection connection, long? before, int limit) =>
        Page(connection, $"{HitSql} WHERE h.id < COALESCE($before, 9223372036854775807) ORDER BY h.id DESC LIMIT $limit;", before, limit, Hit, h => h.Id);

    /// <summary>The hits whose id ends with <paramref name="selector"/>: none, one, or (ambiguous) several.</summary>
    public static IReadOnlyList<HitEntry> HitsBySelector(SqliteConnection connection, string selector) =>
        Rows(connection, $"{HitSql} WHERE substr(lower(hex(h.hit_id)), 33 - length($selector)) = $selector ORDER BY h.id LIMIT 10;", Hit,
            ("$selector", selector));

    /// <summary>The hits naming this NCB's message <paramref name="messageId"/>.</summary>
    public static IReadOnlyList<HitEntry> HitsForMessage(SqliteConnection connection, byte[] messageId) =>
        Rows(connection, $"{HitSql} WHERE h.your_message_id = $id ORDER BY h.id;", Hit, ("$id", messageId));

    /// <summary>Products newest first; purged ones (kept for the ledger, without content) only when <paramref name="includePurged"/>.</summary>
    public static MessagePage<ProductSummary> Products(SqliteConnection connection, long? before, int limit, bool includePurged) =>
        Page(connection, $"{ProductSql} WHERE p.id < COALESCE($before, 9223372036854775807) {(includePurged ? string.Empty : NotPurged)} ORDER BY p.id DESC LIMIT $limit;",
            before, limit, ProductRow, p => p.Id);

    public static IReadOnlyList<ProductSummary> ProductsBySelector(SqliteConnection connection, string selector, bool includePurged) =>
        Rows(connection,
            $"{ProductSql} WHERE substr(lower(hex(p.product_id)), 33 - length($selector)) = $selector {(includePurged ? string.Empty : NotPurged)} ORDER BY p.id LIMIT 10;",
            ProductRow, ("$selector", selector));

    /// <summary>The product of a <c>products</c> row, read from its inbox row; null once purged (its content is gone).</summary>
    public static AnalyticalProduct? Product(SqliteConnection connection, ProductSummary summary)
    {
        var plaintext = connection.Scalar(
            "SELECT plaintext FROM inbox WHERE local_id = $local AND purged_at_ms IS NULL;", ("$local", summary.InboxLocalId)) as byte[];
        return plaintext is null ? null : Parse(AnalyticalProduct.Parser, plaintext, summary.InboxLocalId);
    }

    private static MessagePage<T> Page<T>(SqliteConnection connection, string sql, long? before, int limit, Func<SqliteDataReader, T> map, Func<T, long> key)
    {
        var rows = Rows(connection, sql, map, ("$before", before), ("$limit", limit + 1));
        return rows.Count <= limit ? new MessagePage<T>(rows, null) : new MessagePage<T>(rows.Take(limit).ToList(), key(rows[limit - 1]));
    }

    private static List<T> Rows<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static HitEntry Hit(SqliteDataReader row)
    {
        var inbox = row.GetInt64(1);
        var release = new HitRelease(
            (ReleaseState)row.GetInt64(3), Nullable(row, 4, row.GetInt64), Nullable(row, 5, row.GetString), Nullable(row, 6, row.GetString),
            Nullable(row, 7, row.GetString), Nullable(row, 8, row.GetString));
        var kinds = row.GetString(9).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(k => (MatchKind)int.Parse(k, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (!row.IsDBNull(10))
        {
            // Withdrawn (PurgedHits): the notification's content is gone; what the hits row keeps for the ledger stands in for it.
            return new HitEntry(row.GetInt64(0), inbox, Skeleton(row), release, kinds, new HitWithdrawal(row.GetInt64(10), row.GetString(11), row.GetBoolean(21)));
        }

        return new HitEntry(row.GetInt64(0), inbox, Parse(HitNotification.Parser, (byte[])row[2], inbox), release, kinds);
    }

    /// <summary>A withdrawn hit's notification as its <c>hits</c> row keeps it: no matched entity, value or factor.</summary>
    private static HitNotification Skeleton(SqliteDataReader row) => new()
    {
        HitId = Google.Protobuf.ByteString.CopyFrom((byte[])row[12]),
        DetectedAtMs = row.GetInt64(13),
        Basis = (HitBasis)row.GetInt64(14),
        YourMessage = new MessageReference { MessageId = Google.Protobuf.ByteString.CopyFrom((byte[])row[15]) },
        OtherMessage = new MessageReference { Sender = row.GetString(16), MessageId = Google.Protobuf.ByteString.CopyFrom((byte[])row[17]) },
        OtherMessageReadable = row.GetInt64(18) == 1,
        Score = row.GetDouble(19),
        Releasable = row.GetInt64(20) == 1,
    };

    private static ProductSummary ProductRow(SqliteDataReader row) =>
        new(row.GetInt64(0), (byte[])row[1], (ProductKind)row.GetInt64(2), row.GetInt64(3), row.GetInt64(4), row.GetInt64(5), row.GetInt32(6),
            row.GetString(7), row.GetInt64(8), row.GetInt64(9), row.IsDBNull(10) ? null : new ProductPurge(row.GetInt64(10), row.GetString(11), row.GetBoolean(12)),
            row.GetBoolean(13));

    private static T? Nullable<T>(SqliteDataReader row, int column, Func<int, T> read) => row.IsDBNull(column) ? default : read(column);

    public static T Parse<T>(Google.Protobuf.MessageParser<T> parser, byte[] plaintext, long inboxLocalId)
        where T : Google.Protobuf.IMessage<T>
    {
        try
        {
            return parser.ParseFrom(plaintext);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"Inbox row {inboxLocalId} no longer holds a {typeof(T).Name}.", e);
        }
    }
}
