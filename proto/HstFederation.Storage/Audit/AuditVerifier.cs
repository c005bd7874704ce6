using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace HstFederation.Storage.Audit;

/// <summary>
/// Walks an audit chain (the <c>audit</c> table) in seq order, in one read snapshot, and names the first
/// broken link: a missing seq or tail (deleted), an entry whose contents do not match its hash under the
/// chain's label (edited), or an intact entry at another position than the one it was written at
/// (reordered). Given a head recorded earlier (<see cref="RecordedHead"/>), it also names a whole chain that no longer
/// passes through it (rewritten). Streams; memory does not grow with the log.
/// </summary>
public static class AuditVerifier
{
    /// <summary>Verifies the audit log of the database file at <paramref name="path"/> without writing to it.</summary>
    public static AuditVerification Verify(AuditChain chain, string path)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        connection.Execute("PRAGMA query_only = ON;");
        return Verify(chain, connection);
    }

    /// <summary>
    /// As <see cref="Verify(AuditChain, string)"/>, after making sure the file is <paramref name="program"/>'s: the other
    /// program's audit log hashes under another chain label and would read as edited from its first entry.
    /// </summary>
    /// <param name="recorded">A head recorded earlier that the chain must still pass through, if any.</param>
    public static AuditVerification Verify(AuditChain chain, string path, DatabaseProgram program, RecordedHead? recorded = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(program);
        var fullPath = Path.GetFullPath(path);
        DatabaseOpenErrors.ThrowIfDirectory(fullPath, program);
        var builder = new SqliteConnectionStringBuilder { DataSource = fullPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            connection.Execute("PRAGMA query_only = ON;");
            DatabaseIdentity.Check(connection, program);
        }
        catch (SqliteException error) when (DatabaseOpenErrors.Explain(error, fullPath, program, TimeSpan.Zero) is { } explained)
        {
            throw explained;
        }

        return Verify(chain, connection, recorded);
    }

    /// <summary>Verifies in one read snapshot on <paramref name="connection"/>, which must have no open transaction.</summary>
    /// <param name="recorded">A head recorded earlier that the chain must still pass through, if any.</param>
    public static AuditVerification Verify(AuditChain chain, SqliteConnection connection, RecordedHead? recorded = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(connection);
        return connection.InReadTransaction(() => Walk(chain, connection, recorded));
    }

    private static AuditVerification Walk(AuditChain chain, SqliteConnection connection, RecordedHead? recorded)
    {
        var highest = connection.Scalar("SELECT seq FROM sqlite_sequence WHERE name = 'audit';") as long? ?? 0;
        var previous = AuditChain.Genesis;
        long expected = 1;
        using var command = connection.Command(
            $"SELECT seq, at_ms, actor, action, message_id, detail, prev_hash, hash, {AuditColumns.Certificate(connection)} FROM audit ORDER BY seq;");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var entry = new AuditEntry(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : (byte[])reader[4], reader.GetString(5), (byte[])reader[6], (byte[])reader[7],
                reader.IsDBNull(8) ? null : reader.GetString(8));
            var count = expected - 1;
            if (entry.Seq != expected)
            {
                return AuditVerification.Broken(count, expected, AuditBreak.Deleted,
                    $"entries {expected}..{entry.Seq - 1} are missing");
            }

            if (!Same(chain.Compute(entry, entry.Seq), entry.Hash))
            {
                return Misplaced(chain, connection, count, entry, highest);
            }

            if (!Same(entry.PrevHash, previous))
            {
                return SeqHolding(connection, entry.PrevHash) is { } predecessor
                    ? AuditVerification.Broken(count, entry.Seq, AuditBreak.Reordered,
                        $"the entry follows seq {predecessor}, not seq {entry.Seq - 1}")
                    : AuditVerification.Broken(count, entry.Seq, AuditBreak.Deleted,
                        $"the entry does not follow seq {entry.Seq - 1}: an entry before it was removed or rewritten");
            }

            if (entry.Seq == recorded?.Entry && !Same(entry.Hash, recorded.Hash))
            {
                // The chain up to here is whole, so whoever changed it recomputed every hash: no entry before the
                // recorded one can be vouched for.
                return AuditVerification.Broken(0, entry.Seq, AuditBreak.Rewritten,
                    $"the entry's hash is {Convert.ToHexStringLower(entry.Hash)}, not the recorded head {Convert.ToHexStringLower(recorded.Hash)}: "
                    + $"entries up to seq {entry.Seq} were rewritten since the head was recorded, every later hash recomputed");
            }

            previous = entry.Hash;
            expected++;
        }

        if (highest >= expected)
        {
            return AuditVerification.Broken(expected - 1, expected, AuditBreak.Deleted,
                $"entries {expected}..{highest} were written and are missing (deleted tail)");
        }

        return recorded is not null && recorded.Entry >= expected
            ? AuditVerification.Broken(0, expected, AuditBreak.Rewritten,
                $"the chain ends at seq {expected - 1}, short of the head recorded at seq {recorded.Entry}: "
                + "entries were removed since the head was recorded")
            : AuditVerification.Intact(expected - 1, previous);
    }

    /// <summary>The entry's hash is wrong for its seq: moved (it matches another seq) or edited.</summary>
    private static AuditVerification Misplaced(AuditChain chain, SqliteConnection connection, long count, AuditEntry entry, long highest)
    {
        for (long seq = 1; seq <= Math.Max(highest, entry.Seq) + 1; seq++)
        {
            if (seq == entry.Seq || !Same(chain.Compute(entry, seq), entry.Hash))
            {
                continue;
            }

            return SeqHolding(connection, entry.PrevHash) is not null || seq == 1
                ? AuditVerification.Broken(count, entry.Seq, AuditBreak.Reordered,
                    $"the entry was written as seq {seq}")
                : AuditVerification.Broken(count, entry.Seq, AuditBreak.Deleted,
                    $"the entry was written as seq {seq} and its predecessor is gone (entries removed and renumbered)");
        }

        return AuditVerification.Broken(count, entry.Seq, AuditBreak.Edited, "the entry's contents do not match its hash");
    }

    private static long? SeqHolding(SqliteConnection connection, byte[] hash) =>
        connection.Scalar("SELECT seq FROM audit WHERE hash = $hash LIMIT 1;", ("$hash", hash)) as long?;

    private static bool Same(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) =>
        CryptographicOperations.FixedTimeEquals(left, right);
}
