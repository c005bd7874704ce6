using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Search;

/// <summary>
/// Runs a <see cref="SearchPlan"/> on a read connection, in one snapshot: entries matching by value or by
/// full text, one hit per (message, field), newest message first. Fixed SQL: the lists of kinds and values
/// are bound as JSON arrays, the full-text query as a parameter built by <see cref="FtsQuery"/>.
/// </summary>
internal static class EntitySearch
{
    private const string ByValue = """
        SELECT e.id FROM entities e
        WHERE e.kind IN (SELECT value FROM json_each($exact_kinds)) AND e.value IN (SELECT value FROM json_each($values))
        """;

    private const string ByText = """
        UNION
        SELECT e.id FROM entity_text JOIN entities e ON e.id = entity_text.rowid
        WHERE entity_text MATCH $match AND e.kind IN (SELECT value FROM json_each($text_kinds))
        """;

    private const string HitsSql = $"""
        best(id) AS (
            SELECT MIN(e.id) FROM matched m JOIN entities e ON e.id = m.id GROUP BY e.box, e.local_id, e.kind, e.path
        )
        SELECT e.box, e.local_id, e.kind, e.display, e.qualifier, e.path,
               s.handling_code, s.case_reference, s.case_title,
               COALESCE(o.message_id, i.message_id), i.sender, COALESCE(o.created_at_ms, i.received_at_ms) AS at_ms
        FROM best b
        JOIN entities e ON e.id = b.id
        JOIN message_summaries s ON s.box = e.box AND s.local_id = e.local_id
        LEFT JOIN outbox o ON e.box = 'outbox' AND o.local_id = e.local_id
        LEFT JOIN inbox i ON e.box = 'inbox' AND i.local_id = e.local_id
        WHERE ($box IS NULL OR e.box = $box)
          {ContentFilterSql.Where}
        ORDER BY at_ms DESC, e.box, e.local_id DESC, e.id
        LIMIT $limit;
        """;

    public static IReadOnlyList<EntityHit> Run(SqliteConnection connection, EntityQuery query, SearchPlan plan)
    {
        if (plan.IsEmpty)
        {
            return [];
        }

        var sql = "WITH matched(id) AS (" + ByValue + (plan.Match is null ? "" : ByText) + "),\n" + HitsSql;
        (string, object?)[] parameters =
        [
            ("$exact_kinds", Json(plan.ExactKinds.Select(k => k.ToStorage()))),
            ("$values", Json(plan.Values)),
            ("$text_kinds", Json(plan.TextKinds.Select(k => k.ToStorage()))),
            ("$match", plan.Match),
            ("$box", query.Box?.ToStorage()),
            ("$limit", query.Limit),
            .. ContentFilterSql.Parameters(query.Content),
        ];

        return connection.InReadTransaction(() =>
        {
            var hits = new List<EntityHit>();
            var addressees = new Dictionary<long, IReadOnlyList<string>>();
            using var command = connection.Command(sql, parameters);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var box = MessageBoxes.FromStorage(reader.GetString(0));
                var localId = reader.GetInt64(1);
                hits.Add(new EntityHit(
                    box, localId, (byte[])reader[9], reader.IsDBNull(10) ? null : reader.GetString(10),
                    box == MessageBox.Outbox ? AddresseesOf(connection, addressees, localId) : [],
                    SearchKinds.FromStorage(reader.GetString(2)), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.GetString(5), reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.IsDBNull(6) ? null : (HandlingCode)reader.GetInt64(6), reader.GetInt64(11)));
            }

            return hits;
        });
    }

    private static IReadOnlyList<string> AddresseesOf(SqliteConnection connection, Dictionary<long, IReadOnlyList<string>> known, long localId)
    {
        if (!known.TryGetValue(localId, out var addressees))
        {
            known[localId] = addressees = OutboxReader.Addressees(connection, localId);
        }

        return addressees;
    }

    /// <summary>A JSON array of strings for <c>json_each</c>; the serializer escapes whatever the text holds.</summary>
    private static string Json(IEnumerable<string> values) => System.Text.Json.JsonSerializer.Serialize(values.ToArray());
}
