namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 7: an update's lineage reason on its lifecycle row (docs/lifecycle.md §2, §6). The reason is in the signed
/// header, which a recall or expiry purges with the envelope; the ledger still says why the version was made, as it
/// still shows the recall's own note from the kept order. The source's words about the change, never case content (the
/// lineage contract). Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0007
{
    public const string Sql = """
        -- NULL for an original (version 1) and for rows created before this migration.
        ALTER TABLE message_lifecycle ADD COLUMN lineage_reason TEXT;
        """;
}
