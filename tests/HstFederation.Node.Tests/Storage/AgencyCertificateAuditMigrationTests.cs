using HstFederation.Node.Audit;
using HstFederation.Node.Storage;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Storage;

/// <summary>
/// Migration 22 (the audit entry of an agency's call names its client certificate): a version-21 file's audit log, whose
/// entries have no certificate, verifies as it is (`verify-audit` of an older backup) and after the migration; entries that
/// name a certificate chain onto it, and the ledger reads both.
/// </summary>
public sealed class AgencyCertificateAuditMigrationTests
{
    private const string Serial = "5BE9B59C9EA880D12E3187D6085803A115A702E8";

    [Fact]
    public async Task Open_Version21DatabaseWithItsAuditLog_StillVerifies_AndEntriesWithACertificateChainOntoIt()
    {
        var id = new byte[16];
        id[0] = 0x01;
        AuditVerification? before = null;
        await using var temp = TempNodeStore.Create((path, time) =>
        {
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                connection.Open();
                connection.Execute("PRAGMA journal_mode = WAL;");
                Assert.Equal(21, SchemaMigrations.Apply(connection, time, 21));
                // As a version-21 node wrote them: no certificate column to write to.
                NodeAudit.Append(connection, 1, "operator:alice", NodeAuditActions.AgencyAdded, null, "agency=border-police");
                NodeAudit.Append(connection, 2, "agency:border-police", NodeAuditActions.Read, id, "GetMessage outbox");
            }

            before = NodeAudit.Verify(path);
        });

        Assert.True(before is { IsIntact: true, Count: 2 }, before?.Detail);
        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        await temp.Store.AuditAsync("agency:border-police", NodeAuditActions.Read, id, "GetMessage outbox", Serial, default);

        var after = NodeAudit.Verify(temp.Store.Database);
        Assert.True(after is { IsIntact: true, Count: 3 }, after.Detail);
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM audit WHERE certificate IS NULL;"));
        var ledger = await temp.Store.LedgerAsync(id);
        Assert.Equal([null, Serial], ledger.Reads.Select(r => r.Certificate));
    }
}
