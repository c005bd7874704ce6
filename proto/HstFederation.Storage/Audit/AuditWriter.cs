using Microsoft.Data.Sqlite;

namespace HstFederation.Storage.Audit;

/// <summary>
/// Appends one entry to the <c>audit</c> table inside the caller's open write transaction, so the entry
/// commits or rolls back with the action it records. The sequence continues from <c>sqlite_sequence</c>
/// (the highest ever used), so a deleted tail leaves a visible gap rather than being silently refilled.
/// </summary>
public static class AuditWriter
{
    public static long Append(
        AuditChain chain, SqliteConnection connection, long atMs, string actor, string action, byte[]? messageId, string detail)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(connection);
        var highest = connection.Scalar("SELECT seq FROM sqlite_sequence WHERE name = 'audit';") as long? ?? 0;
        var prevHash = connection.Scalar("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1;") as byte[] ?? AuditChain.Genesis;
        var seq = highest + 1;
        var hash = chain.Compute(seq, atMs, actor, action, messageId, messageId is not null, detail, prevHash);
        connection.Execute(
            """
            INSERT INTO audit (seq, at_ms, actor, action, message_id, detail, prev_hash, hash)
            VALUES ($seq, $at, $actor, $action, $id, $detail, $prev, $hash);
            """,
            ("$seq", seq),
            ("$at", atMs),
            ("$actor", actor),
            ("$action", action),
            ("$id", messageId),
            ("$detail", detail),
            ("$prev", prevHash),
            ("$hash", hash));
        return seq;
    }
}
