using HstFederation.Node.Audit;
using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Storage;

/// <summary>Migration 16 (blocked agency certificates) on the file a node at schema version 15 left, and the table's rules.</summary>
public sealed class CertificateBlockMigrationTests
{
    private static readonly byte[] Lost = Enumerable.Repeat((byte)0xAB, 32).ToArray();

    [Fact]
    public async Task Open_Version15Database_AddsTheEmptyBlockTable_AndItsAgenciesCanHaveCertificatesBlocked()
    {
        await using var temp = TempNodeStore.Create((path, time) =>
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            connection.Execute("PRAGMA journal_mode = WAL;");
            Assert.Equal(15, SchemaMigrations.Apply(connection, time, 15));
            connection.Execute(
                """
                INSERT INTO agencies (agency_id, display_name, certificate_identity, disabled, created_at_ms, updated_at_ms)
                VALUES ('border-police', 'PAF', 'urn:hst:agency:FR:border-police', 0, 1, 1);
                """);
        });

        Assert.Equal(16, temp.Store.Database.SchemaVersion);
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM blocked_agency_certificates;"));
        var agency = Assert.Single(await temp.Store.ListAgenciesAsync());
        Assert.Empty(await temp.Store.ListBlockedAgencyCertificatesAsync(agency.AgencyId));

        var blocked = await temp.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("border-police", Lost, Reason: "laptop stolen"), "operator:alice");

        Assert.True(blocked!.Added);
        Assert.Equal(
            ("border-police", (string?)null, (string?)null, (long?)null, "laptop stolen", temp.Time.GetUtcNow().ToUnixTimeMilliseconds(), "operator:alice"),
            (blocked.Block.AgencyId, blocked.Block.Subject, blocked.Block.Serial, blocked.Block.NotAfterMs, blocked.Block.Reason, blocked.Block.BlockedAtMs, blocked.Block.BlockedBy));
        Assert.Equal(new Dictionary<string, int> { ["border-police"] = 1 }, await temp.Store.CountBlockedAgencyCertificatesAsync());
        var lookup = await temp.Store.FindAgencyForCertificateAsync("urn:hst:agency:FR:border-police", Lost);
        Assert.Equal(("border-police", string.Concat(Enumerable.Repeat("ab", 32))), (lookup.Agency!.AgencyId, lookup.Block!.Fingerprint));
        Assert.Null((await temp.Store.FindAgencyForCertificateAsync("urn:hst:agency:FR:border-police", new byte[32])).Block);
    }

    [Fact]
    public async Task Block_AgainIsNoChange_AsAnotherAgencysIsAConflict_OfAnUnknownAgencyIsNull_AndUnblockDeletesTheRowButNotItsHistory()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.AddAgencyAsync(new NewAgency("border-police", "PAF", Protocol.Identities.AgencyId.Create("FR", "border-police")), "operator:alice");
        await temp.Store.AddAgencyAsync(new NewAgency("customs", "Douane", Protocol.Identities.AgencyId.Create("FR", "customs")), "operator:alice");

        var first = await temp.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("border-police", Lost, Reason: "lost"), "operator:alice");
        var again = await temp.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("border-police", Lost, Reason: "other words"), "operator:bob");
        await Assert.ThrowsAsync<AgencyConflictException>(() => temp.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("customs", Lost), "operator:bob"));
        var unknown = await temp.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("nobody", new byte[32]), "operator:bob");
        var wrongAgency = await temp.Store.UnblockAgencyCertificateAsync("customs", Lost, "operator:bob");
        var removed = await temp.Store.UnblockAgencyCertificateAsync("border-police", Lost, "operator:bob");
        var twice = await temp.Store.UnblockAgencyCertificateAsync("border-police", Lost, "operator:bob");

        Assert.True(first!.Added);
        Assert.False(again!.Added);
        Assert.Equal(("lost", "operator:alice"), (again.Block.Reason, again.Block.BlockedBy));
        Assert.Null(unknown);
        Assert.Null(wrongAgency);
        Assert.Equal("lost", removed!.Reason);
        Assert.Null(twice);
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM blocked_agency_certificates;"));
        Assert.Equal(1, temp.Count($"SELECT COUNT(*) FROM audit WHERE action = '{NodeAuditActions.AgencyCertificateBlocked}' AND actor = 'operator:alice' AND detail = 'agency=border-police sha256={Convert.ToHexStringLower(Lost)} reason=lost';"));
        Assert.Equal(1, temp.Count($"SELECT COUNT(*) FROM audit WHERE action = '{NodeAuditActions.AgencyCertificateUnblocked}' AND actor = 'operator:bob' AND detail = 'agency=border-police sha256={Convert.ToHexStringLower(Lost)}';"));
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM audit WHERE action LIKE 'agency-certificate-%';"));
    }
}
