using HstFederation.Hub.Audit;
using HstFederation.Hub.Tests.Storage;
using HstFederation.Protocol.V1;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Audit;

/// <summary>THREATS row 24: an insider who edits, deletes or reorders audit rows is named at the first broken link.</summary>
public sealed class AuditVerifierTests
{
    [Fact]
    public async Task Verify_UntouchedLog_IsIntactWithEveryEntryCounted()
    {
        await using var temp = await WithSixEntriesAsync();

        var verdict = HubAudit.Verify(temp.DatabasePath);

        Assert.True(verdict.IsIntact, verdict.Detail);
        Assert.Equal(6, verdict.Count);
        Assert.Equal(AuditBreak.None, verdict.Break);
    }

    [Fact]
    public async Task Store_UpdateOrDeleteAuditRow_IsRefusedByTheSchema()
    {
        await using var temp = await WithSixEntriesAsync();
        using var connection = Raw(temp);

        Assert.Throws<SqliteException>(() => connection.Execute("UPDATE audit SET detail = 'x' WHERE seq = 1;"));
        Assert.Throws<SqliteException>(() => connection.Execute("DELETE FROM audit WHERE seq = 1;"));
    }

    [Fact]
    public async Task Verify_EditedRow_NamesItAsEdited()
    {
        await using var temp = await WithSixEntriesAsync();
        Tamper(temp, "UPDATE audit SET detail = 'Unspecified' WHERE seq = 3;");

        var verdict = HubAudit.Verify(temp.DatabasePath);

        AssertBroken(verdict, 3, AuditBreak.Edited);
    }

    [Fact]
    public async Task Verify_EditedRowWithItsOwnHashRecomputed_NamesTheNextEntryAsNotFollowingIt()
    {
        // The chain label is public, so an insider can make an edited entry match its own hash; what gives the edit
        // away is the link: the next entry's prev_hash still holds the hash the entry was written with.
        await using var temp = await WithSixEntriesAsync();
        var rehashed = HubAudit.Chain.Compute(Entry(temp, 3) with { Detail = "Unspecified" }, 3);
        Tamper(temp, $"UPDATE audit SET detail = 'Unspecified', hash = X'{Convert.ToHexString(rehashed)}' WHERE seq = 3;");

        var verdict = HubAudit.Verify(temp.DatabasePath);

        AssertBroken(verdict, 4, AuditBreak.Deleted);
        Assert.Contains("does not follow seq 3", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DeletedRow_NamesTheGap()
    {
        await using var temp = await WithSixEntriesAsync();
        Tamper(temp, "DELETE FROM audit WHERE seq = 4;");

        var verdict = HubAudit.Verify(temp.DatabasePath);

        AssertBroken(verdict, 4, AuditBreak.Deleted);
    }

    [Fact]
    public async Task Verify_DeletedLastRow_NamesTheMissingTail()
    {
        await using var temp = await WithSixEntriesAsync();
        Tamper(temp, "DELETE FROM audit WHERE seq = 6;");

        var verdict = HubAudit.Verify(temp.DatabasePath);

        AssertBroken(verdict, 6, AuditBreak.Deleted);
    }

    [Fact]
    public async Task Verify_DeletedRowThenRenumbered_NamesTheFirstRenumberedEntry()
    {
        await using var temp = await WithSixEntriesAsync();
        Tamper(temp, "DELETE FROM audit WHERE seq = 2; UPDATE audit SET seq = seq - 1 WHERE seq > 2;");

        var verdict = HubAudit.Verify(temp.DatabasePath);

        AssertBroken(verdict, 2, AuditBreak.Deleted);
    }

    [Fact]
    public async Task Verify_TwoRowsSwapped_NamesTheFirstAsReordered()
    {
        await using var temp = await WithSixEntriesAsync();
        Tamper(temp, "UPDATE audit SET seq = -1 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = -1;");

        var verdict = HubAudit.Verify(temp.DatabasePath);

        AssertBroken(verdict, 3, AuditBreak.Reordered);
        Assert.Contains("written as seq 4", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RecordedHeadStillInTheChain_IsIntact()
    {
        await using var temp = await WithSixEntriesAsync();
        var recorded = new RecordedHead(4, Entry(temp, 4).Hash);
        await temp.Store.SubmitAsync(Make(FR, 3, DE));                             // 7: the chain grew since

        var verdict = HubAudit.Verify(temp.DatabasePath, recorded);

        Assert.True(verdict.IsIntact, verdict.Detail);
        Assert.Equal(7, verdict.Count);
    }

    [Fact]
    public async Task Verify_HistoryRewrittenWithEveryHashRecomputed_IsWholeButNotThroughTheRecordedHead()
    {
        // The limit the chain alone has: an insider who knows the (public) label rewrites entry 3 and recomputes every
        // later hash and link, so the chain is whole. Only a head recorded before, out of the insider's reach, tells.
        await using var temp = await WithSixEntriesAsync();
        var recorded = new RecordedHead(5, Entry(temp, 5).Hash);
        RewriteFrom(temp, 3, "Unspecified");
        Assert.True(HubAudit.Verify(temp.DatabasePath).IsIntact);

        var verdict = HubAudit.Verify(temp.DatabasePath, recorded);

        Assert.False(verdict.IsIntact);
        Assert.Equal((5L, AuditBreak.Rewritten, 0L), (verdict.BrokenAt, verdict.Break, verdict.Count));
        Assert.Contains($"not the recorded head {Convert.ToHexStringLower(recorded.Hash)}", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ChainCutShortOfTheRecordedHead_IsRewritten()
    {
        // The tail deleted and the sequence counter set back with it, so the chain alone reads as whole.
        await using var temp = await WithSixEntriesAsync();
        var recorded = new RecordedHead(6, Entry(temp, 6).Hash);
        Tamper(temp, "DELETE FROM audit WHERE seq > 4; UPDATE sqlite_sequence SET seq = 4 WHERE name = 'audit';");
        Assert.True(HubAudit.Verify(temp.DatabasePath).IsIntact);

        var verdict = HubAudit.Verify(temp.DatabasePath, recorded);

        Assert.Equal((false, 5L, AuditBreak.Rewritten), (verdict.IsIntact, verdict.BrokenAt, verdict.Break));
        Assert.Contains("ends at seq 4, short of the head recorded at seq 6", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EditedBeforeTheRecordedHead_NamesTheEditFirst()
    {
        await using var temp = await WithSixEntriesAsync();
        Tamper(temp, "UPDATE audit SET detail = 'Unspecified' WHERE seq = 3;");

        var verdict = HubAudit.Verify(temp.DatabasePath, new RecordedHead(5, Entry(temp, 5).Hash));

        AssertBroken(verdict, 3, AuditBreak.Edited);
    }

    [Fact]
    public async Task Verify_WhileTheStoreKeepsWriting_SeesAConsistentSnapshot()
    {
        await using var temp = await WithSixEntriesAsync();
        var writes = Enumerable.Range(3, 50).Select(sequence => temp.Store.SubmitAsync(Make(FR, sequence, DE))).ToArray();

        var verdict = HubAudit.Verify(temp.Store.Database);
        await Task.WhenAll(writes);

        Assert.True(verdict.IsIntact, verdict.Detail);
        Assert.True(HubAudit.Verify(temp.Store.Database) is { IsIntact: true, Count: 56 });
    }

    [Theory]
    [InlineData("certificate = NULL", 2)]                 // the certificate a call came through, removed
    [InlineData("certificate = '4F3CA30E6D445F21'", 2)]   // swapped for another of the member's
    [InlineData("certificate = '4F3CA30E6D445F21'", 3)]   // put on an operator's entry that had none
    public async Task Verify_CertificateEditedOnAnEntry_NamesItAsEdited(string change, long seq)
    {
        await using var temp = TempStore.Create();
        var first = await temp.Store.AuditAsync(FR.Uri, AuditActions.Accept, null, "hub_sequence=1 recipients=1", "4F3CA30E6D445F21", default);
        await temp.Store.AuditAsync(FR.Uri, AuditActions.Accept, null, "hub_sequence=2 recipients=1", "6D673B9D8B2F6A6A", default);
        await temp.Store.AuditAsync("operator:alice", "ledger", null, "not-held");
        Assert.True(HubAudit.Verify(temp.DatabasePath) is { IsIntact: true } intact && intact.Count == first + 2);
        Tamper(temp, $"UPDATE audit SET {change} WHERE seq = {first - 1 + seq};");

        var verdict = HubAudit.Verify(temp.DatabasePath);

        AssertBroken(verdict, first - 1 + seq, AuditBreak.Edited);
    }

    private static async Task<TempStore> WithSixEntriesAsync()
    {
        var temp = TempStore.Create();
        var first = Make(FR, 1, DE);
        await temp.Store.SubmitAsync(first);                                       // 1 accept
        await temp.Store.SubmitAsync(first);                                       // 2 duplicate
        await temp.Store.SubmitAsync(WithBody(first, [9]));                        // 3 reject: Replay
        await temp.Store.RecordRejectionAsync(DE.Uri, null, RejectionReason.SignatureInvalid); // 4
        await temp.Store.UpsertMemberAsync(IT, MemberStatus.Active, [1], [2], "operator");     // 5
        await temp.Store.SubmitAsync(Make(FR, 2, IT));                             // 6 accept
        return temp;
    }

    /// <summary>What an insider with the sqlite3 shell does: drop the guards, change rows.</summary>
    private static void Tamper(TempStore temp, string sql)
    {
        using var connection = Raw(temp);
        connection.Execute("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;");
        connection.Execute(sql);
    }

    /// <summary>The insider who knows the chain's label: entry <paramref name="from"/> rewritten, every later hash and link recomputed.</summary>
    private static void RewriteFrom(TempStore temp, long from, string detail)
    {
        long last;
        using (var connection = Raw(temp))
        {
            last = (long)connection.Scalar("SELECT max(seq) FROM audit;")!;
        }

        var previous = Entry(temp, from - 1).Hash;
        var sql = new System.Text.StringBuilder();
        for (var seq = from; seq <= last; seq++)
        {
            var entry = Entry(temp, seq) with { PrevHash = previous };
            if (seq == from)
            {
                entry = entry with { Detail = detail };
            }

            var hash = HubAudit.Chain.Compute(entry, seq);
            sql.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"UPDATE audit SET detail = '{entry.Detail.Replace("'", "''", StringComparison.Ordinal)}', prev_hash = X'{Convert.ToHexString(previous)}', hash = X'{Convert.ToHexString(hash)}' WHERE seq = {seq};");
            previous = hash;
        }

        Tamper(temp, sql.ToString());
    }

    private static AuditEntry Entry(TempStore temp, long seq)
    {
        using var connection = Raw(temp);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, at_ms, actor, action, message_id, detail, prev_hash, hash FROM audit WHERE seq = $seq;";
        command.Parameters.AddWithValue("$seq", seq);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return new AuditEntry(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : (byte[])reader[4], reader.GetString(5), (byte[])reader[6], (byte[])reader[7]);
    }

    private static SqliteConnection Raw(TempStore temp)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void AssertBroken(AuditVerification verdict, long seq, AuditBreak kind)
    {
        Assert.False(verdict.IsIntact);
        Assert.Equal(seq, verdict.BrokenAt);
        Assert.Equal(kind, verdict.Break);
        Assert.Equal(seq - 1, verdict.Count);
        Assert.Contains($"seq {seq}", verdict.Detail, StringComparison.Ordinal);
    }
}
