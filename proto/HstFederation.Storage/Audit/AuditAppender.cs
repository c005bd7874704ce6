using Microsoft.Data.Sqlite;

namespace HstFederation.Storage.Audit;

/// <summary>
/// Appends entries one after another inside the caller's open write transaction, reading the chain's head
/// (the highest sequence ever used and the last hash) once, when created, instead of once per entry. The
/// entries and their hashes are the same as <see cref="AuditWriter.Append"/> would write one by one. Valid
/// only while nothing else appends to the audit table: use it for a run of entries within one operation.
/// </summary>
public sealed class AuditAppender
{
    private readonly AuditChain _chain;
    private readonly SqliteConnection _connection;
    private long _seq;
    private byte[] _prevHash;

    public AuditAppender(AuditChain chain, SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(connection);
        _chain = chain;
        _connection = connection;

        // From sqlite_sequence (the highest ever used), so a deleted tail leaves a visible gap rather than being silently refilled.
        _seq = connection.Scalar("SELECT seq FROM sqlite_sequence WHERE name = 'audit';") as long? ?? 0;
        _prevHash = connection.Scalar("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1;") as byte[] ?? AuditChain.Genesis;
    }

    /// <summary>Appends one entry after the previous one; returns its sequence.</summary>
    /// <param name="certificate">
    /// The serial of the TLS client certificate the actor's call came through, or null (written only into a table that has the
    /// column: <see cref="AuditColumns.Certificate"/>).
    /// </param>
    public long Append(long atMs, string actor, string action, byte[]? messageId, string detail, string? certificate = null)
    {
        if (certificate is { Length: 0 })
        {
            throw new ArgumentException("A certificate serial is never empty: null for an entry without one.", nameof(certificate));
        }

        var seq = _seq + 1;
        var hash = _chain.Compute(seq, atMs, actor, action, messageId, messageId is not null, detail, _prevHash, certificate);
        // Without a certificate the statement names no certificate column: a log that has none (the node's) is written as before.
        _connection.Execute(
            certificate is null
                ? """
                  INSERT INTO audit (seq, at_ms, actor, action, message_id, detail, prev_hash, hash)
                  VALUES ($seq, $at, $actor, $action, $id, $detail, $prev, $hash);
                  """
                : """
                  INSERT INTO audit (seq, at_ms, actor, action, message_id, detail, prev_hash, hash, certificate)
                  VALUES ($seq, $at, $actor, $action, $id, $detail, $prev, $hash, $certificate);
                  """,
            ("$seq", seq),
            ("$at", atMs),
            ("$actor", actor),
            ("$action", action),
            ("$id", messageId),
            ("$detail", detail),
            ("$prev", _prevHash),
            ("$hash", hash),
            ("$certificate", certificate));
        _seq = seq;
        _prevHash = hash;
        return seq;
    }
}
