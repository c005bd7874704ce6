using System.Security.Cryptography;
using HstFederation.Node.Audit;
using HstFederation.Node.Tests.Storage;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;
using static HstFederation.Node.Tests.Storage.TestMessages;
using static HstFederation.Testing.Storage.AuditEncoding;

namespace HstFederation.Node.Tests.Audit;

/// <summary>An insider who edits, deletes or reorders the node's audit rows is named at the first broken link.</summary>
public sealed class NodeAuditVerifierTests
{
    [Fact]
    public async Task Verify_UntouchedLog_IsIntactWithEveryEntryCounted()
    {
        await using var temp = await WithSixEntriesAsync();

        var verdict = NodeAudit.Verify(temp.DatabasePath);

        Assert.True(verdict.IsIntact, verdict.Detail);
        Assert.Equal(6, verdict.Count);
        Assert.Equal(AuditBreak.None, verdict.Break);
    }

    [Fact]
    public async Task Store_WritesActorsAndActionsButNoContent()
    {
        await using var temp = await WithSixEntriesAsync();
        using var connection = temp.Raw();

        Assert.Equal(0L, connection.Scalar("SELECT COUNT(*) FROM audit WHERE detail LIKE '%case%' OR detail LIKE '%plaintext%';"));
        Assert.Equal(TestMessages.Agency, connection.Scalar("SELECT actor FROM audit WHERE seq = 1;"));
        Assert.Equal("enqueue,accepted,delivered,receive,quarantine,read",
            connection.Scalar("SELECT group_concat(action, ',') FROM (SELECT action FROM audit ORDER BY seq);"));
    }

    [Fact]
    public async Task Store_UpdateOrDeleteAuditRow_IsRefusedByTheSchema()
    {
        await using var temp = await WithSixEntriesAsync();
        using var connection = temp.Raw();

        Assert.Throws<SqliteException>(() => connection.Execute("UPDATE audit SET detail = 'x' WHERE seq = 1;"));
        Assert.Throws<SqliteException>(() => connection.Execute("DELETE FROM audit WHERE seq = 1;"));
    }

    [Fact]
    public async Task Verify_EditedRow_NamesItAsEdited()
    {
        await using var temp = await WithSixEntriesAsync();
        Tamper(temp, "UPDATE audit SET actor = 'someone else' WHERE seq = 3;");

        AssertBroken(NodeAudit.Verify(temp.DatabasePath), 3, AuditBreak.Edited);
    }

    [Fact]
    public async Task Verify_DeletedRow_NamesTheGap()
    {
        await using var temp = await WithSixEntriesAsync();
        Tamper(temp, "DELETE FROM audit WHERE seq = 4;");

        AssertBroken(NodeAudit.Verify(temp.DatabasePath), 4, AuditBreak.Deleted);
    }

    [Fact]
    public async Task Verify_DeletedLastRow_NamesTheMissingTail()
    {
        await using var temp = await WithSixEntriesAsync();
        Tamper(temp, "DELETE FROM audit WHERE seq = 6;");

        AssertBroken(NodeAudit.Verify(temp.DatabasePath), 6, AuditBreak.Deleted);
    }

    [Fact]
    public async Task Verify_DeletedRowThenRenumbered_NamesTheFirstRenumberedEntry()
    {
        await using var temp = await WithSixEntriesAsync();
        Tamper(temp, "DELETE FROM audit WHERE seq = 2; UPDATE audit SET seq = seq - 1 WHERE seq > 2;");

        AssertBroken(NodeAudit.Verify(temp.DatabasePath), 2, AuditBreak.Deleted);
    }

    [Fact]
    public async Task Verify_TwoRowsSwapped_NamesTheFirstAsReordered()
    {
        await using var temp = await WithSixEntriesAsync();
        Tamper(temp, "UPDATE audit SET seq = -1 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = -1;");

        var verdict = NodeAudit.Verify(temp.DatabasePath);

        AssertBroken(verdict, 3, AuditBreak.Reordered);
        Assert.Contains("written as seq 4", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_UsesTheNodeLabel_SoAHubEntryCannotBePassedOffAsANodeEntry()
    {
        var node = NodeAudit.Chain.Compute(1, 1, "a", "b", null, false, "", AuditChain.Genesis);

        Assert.Equal(32, node.Length);
        Assert.NotEqual(node, NodeAudit.Chain.Compute(1, 1, "a", "b", [], true, "", AuditChain.Genesis));
        Assert.NotEqual(node, NodeAudit.Chain.Compute(1, 1, "ab", "", null, false, "", AuditChain.Genesis));
    }

    [Theory]
    [InlineData("certificate = NULL", 1)]              // the certificate an agency's call came through, removed
    [InlineData("certificate = '6D673B9D8B2F6A6A'", 1)] // swapped for another of the agency's
    [InlineData("certificate = '4F3CA30E6D445F21'", 3)] // put on an operator's entry that had none
    public async Task Verify_CertificateEditedOnAnEntry_NamesItAsEdited(string change, long seq)
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.AuditAsync("agency:border-police", NodeAuditActions.Read, Id(1), "GetMessage outbox", "4F3CA30E6D445F21", default);
        await temp.Store.AuditAsync("agency:border-police", NodeAuditActions.Read, Id(1), "GetMessage outbox", "6D673B9D8B2F6A6A", default);
        await temp.Store.AuditAsync("operator:alice", NodeAuditActions.Read, Id(1), "show");
        Assert.True(NodeAudit.Verify(temp.DatabasePath) is { IsIntact: true, Count: 3 });
        Tamper(temp, $"UPDATE audit SET {change} WHERE seq = {seq};");

        AssertBroken(NodeAudit.Verify(temp.DatabasePath), seq, AuditBreak.Edited);
    }

    [Fact]
    public void Hash_WithoutACertificate_IsTheEncodingEntriesHadBeforeTheField_AndWithOneAppendsItAfterThePreviousHash()
    {
        // Built by hand from AuditChain's documented encoding, under the node's label: entries written before migration 22
        // keep their hash, and one with a certificate cannot pass for one without.
        byte[] without = [.. "HST/v1/node-audit-entry\0"u8, .. U64(1), .. U64(100), .. Field("agency:x"u8), .. Field("read"u8), .. Field(Id(1)), .. Field("d"u8), .. Field(AuditChain.Genesis)];
        byte[] with = [.. without, .. Field("4F3C"u8)];

        Assert.Equal(SHA256.HashData(without), NodeAudit.Chain.Compute(1, 100, "agency:x", "read", Id(1), true, "d", AuditChain.Genesis));
        Assert.Equal(SHA256.HashData(with), NodeAudit.Chain.Compute(1, 100, "agency:x", "read", Id(1), true, "d", AuditChain.Genesis, "4F3C"));
    }

    private static async Task<TempNodeStore> WithSixEntriesAsync()
    {
        var temp = TempNodeStore.Create();
        var queued = await temp.Store.EnqueueAsync(Outgoing(1, DE));                        // 1 enqueue
        await temp.Store.MarkAcceptedAsync(queued.LocalId, [1], 1);                          // 2 accepted
        await temp.Store.RecordDeliveryReceiptAsync(queued.MessageId, DE, [2]);              // 3 delivered
        await temp.Store.StoreReceivedAsync(Incoming(IT, 2, 1));                             // 4 receive
        await temp.Store.QuarantineAsync([9], "Tampered", "header hash mismatch");           // 5 quarantine
        await temp.Store.AuditAsync("operator:alice", NodeAuditActions.Read, Id(2), "show"); // 6 read
        return temp;
    }

    /// <summary>What an insider with the sqlite3 shell does: drop the guards, change rows.</summary>
    private static void Tamper(TempNodeStore temp, string sql)
    {
        using var connection = temp.Raw();
        connection.Execute("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;");
        connection.Execute(sql);
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
