using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 9: a forward's consent grant time in its own column (docs/hub.md "Storage"). The ledger read it from the
/// stored forwarded envelope's forward record, which kept that ciphertext alive for the ledger's sake; a restriction now
/// empties the forwarded envelope of a holder it no longer lets keep the message (docs/lifecycle.md §7), as a recall
/// or an expiry empties all of them, and the grant time stays. Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0009
{
    public const string Sql = """
        -- consent_granted_at_ms: when the source granted the consent the hub's forward record carries (ForwardConsent
        -- granted_at_ms); NULL when the record could not be read, or its envelope was purged before this migration.
        ALTER TABLE forwards ADD COLUMN consent_granted_at_ms INTEGER;
        """;

    /// <summary>
    /// Fills the column from each stored forwarded envelope (SQL cannot read a forward record), in the migration's
    /// transaction. The ids and times are collected before any update: SQLite leaves a scan undefined when its table
    /// changes under it.
    /// </summary>
    public static void Backfill(SqliteConnection connection)
    {
        var granted = connection.Query(
            "SELECT forward_id, envelope FROM forwards WHERE length(envelope) > 0 ORDER BY forward_id;",
            reader =>
            {
                var rows = new List<(long ForwardId, long GrantedAtMs)>();
                while (reader.Read())
                {
                    if (ForwardConsentTimes.GrantedAtMs((byte[])reader[1]) is { } at)
                    {
                        rows.Add((reader.GetInt64(0), at));
                    }
                }

                return rows;
            });
        foreach (var (forwardId, at) in granted)
        {
            connection.Execute(
                "UPDATE forwards SET consent_granted_at_ms = $at WHERE forward_id = $id;",
                ("$at", at),
                ("$id", forwardId));
        }
    }
}
