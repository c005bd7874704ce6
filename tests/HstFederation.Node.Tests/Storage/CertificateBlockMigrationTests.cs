using HstFederation.Node.Audit;
using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Storage;

/// <summary>Migration 16 (blocked agency certificates) on the file a node at schema version 15 left, and the table's rules.</summary>
public sealed class CertificateBlockMigrationTests
{
    private const string Lost = "5BE9B59C9EA880D12E3187D6085803A115A702E8";

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

        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM blocked_agency_certificates;"));
        var agency = Assert.Single(await temp.Store.ListAgenciesAsync());
        Assert.Empty(await temp.Store.ListBlockedAgencyCertificatesAsync(agency.AgencyId));

        var blocked = await temp.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("border-police", Lost, Reason: "laptop stolen"), "operator:alice");

        Assert.True(blocked!.Added);
        Assert.Equal(
            ("border-police", (string?)null, (string?)null, (long?)null, "laptop stolen", temp.Time.GetUtcNow().ToUnixTimeMilliseconds(), "operator:alice"),
            (blocked.Block.AgencyId, blocked.Block.Subject, blocked.Block.Fingerprint, blocked.Block.NotAfterMs, blocked.Block.Reason, blocked.Block.BlockedAtMs, blocked.Block.BlockedBy));
        Assert.Equal(new Dictionary<string, int> { ["border-police"] = 1 }, await temp.Store.CountBlockedAgencyCertificatesAsync());
        var lookup = await temp.Store.FindAgencyForCertificateAsync("urn:hst:agency:FR:border-police", Lost);
        Assert.Equal(("border-police", Lost, (string?)null), (lookup.Agency!.AgencyId, lookup.Block!.Serial, lookup.Block.Fingerprint));
        Assert.Null((await temp.Store.FindAgencyForCertificateAsync("urn:hst:agency:FR:border-police", "5BE9")).Block);
        Assert.True(temp.Store.IsAgencyCertificateBlocked(Lost));
        Assert.False(temp.Store.IsAgencyCertificateBlocked("5BE9"));
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
        var unknown = await temp.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("nobody", "01"), "operator:bob");
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
        Assert.Equal(1, temp.Count($"SELECT COUNT(*) FROM audit WHERE action = '{NodeAuditActions.AgencyCertificateBlocked}' AND actor = 'operator:alice' AND detail = 'agency=border-police serial={Lost} reason=lost';"));
        Assert.Equal(1, temp.Count($"SELECT COUNT(*) FROM audit WHERE action = '{NodeAuditActions.AgencyCertificateUnblocked}' AND actor = 'operator:bob' AND detail = 'agency=border-police serial={Lost}';"));
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM audit WHERE action LIKE 'agency-certificate-%';"));
    }

    [Theory]
    [InlineData("5be9")]
    [InlineData("005BE9")]
    [InlineData("5B:E9")]
    [InlineData("")]
    public async Task Block_OfASerialNotInItsNormalForm_IsRefusedBeforeTheStore(string serial)
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.AddAgencyAsync(new NewAgency("border-police", "PAF", Protocol.Identities.AgencyId.Create("FR", "border-police")), "operator:alice");

        await Assert.ThrowsAnyAsync<ArgumentException>(() => temp.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("border-police", serial), "operator:alice"));

        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM blocked_agency_certificates;"));
    }
}
