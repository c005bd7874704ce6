namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 11: restricted copies re-indexed under the handling in force. Before it a restriction set only the row's
/// effective_handling, and message_summaries kept the handling first signed, so lists, search and agency scopes judged
/// such a copy by a handling no longer in force. Their index rows are dropped here (SQL cannot read the serialized
/// Handling) and <see cref="Search.SearchIndexBackfill"/> rebuilds them at open from the content and effective_handling.
/// </summary>
internal static class Migration0011
{
    public const string Sql = """
        CREATE TEMP TABLE restricted_copies AS
            SELECT 'inbox' AS box, local_id FROM inbox WHERE effective_handling IS NOT NULL AND purged_at_ms IS NULL
            UNION ALL
            SELECT 'outbox', local_id FROM outbox WHERE effective_handling IS NOT NULL AND purged_at_ms IS NULL;
        DELETE FROM entity_text WHERE rowid IN (
            SELECT e.id FROM entities e JOIN restricted_copies r ON e.box = r.box AND e.local_id = r.local_id);
        DELETE FROM entities WHERE (box, local_id) IN (SELECT box, local_id FROM restricted_copies);
        DELETE FROM message_crime_types WHERE (box, local_id) IN (SELECT box, local_id FROM restricted_copies);
        DELETE FROM message_summaries WHERE (box, local_id) IN (SELECT box, local_id FROM restricted_copies);
        DROP TABLE restricted_copies;
        """;
}
