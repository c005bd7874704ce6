using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// Migration 14 (the audit entry names the TLS client certificate of a member's call): a version-13 file's audit log, whose
/// entries have no certificate, verifies as it is (`verify-audit` of an older backup) and after the migration, and entries
/// that name a certificate chain onto it.
/// </summary>
public sealed class Migration0014Tests
{
    [Fact]
    public async Task Open_Version13DatabaseWithItsAuditLog_StillVerifies_AndEntriesWithACertificateChainOntoIt()
    {
        using var file = OldSchemaFile.Create(13, "SELECT 1;");
        using (var connection = new SqliteConnection($"Data Source={file.Path};Pooling=False"))
        {
            // As a version-13 hub wrote them: no certificate column to write to.
            connection.Open();
            var appender = HubAudit.Appender(connection);
            appender.Append(1, "operator:alice", "enroll", null, "urn:hst:member:FR Active");
            appender.Append(2, "urn:hst:member:FR", AuditActions.Accept, new byte[16], "hub_sequence=1 recipients=1");
        }

        var before = HubAudit.Verify(file.Path);
        Assert.True(before is { IsIntact: true, Count: 2 }, before.Detail);

        await using var store = HubStore.Open(file.Path, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));
        await store.AuditAsync("urn:hst:member:FR", AuditActions.Accept, null, "hub_sequence=2 recipients=1", "4F3CA30E6D445F21", default);

        var after = HubAudit.Verify(store.Database);
        Assert.True(after is { IsIntact: true, Count: 3 }, after.Detail);
        using var read = store.Database.OpenReadConnection();
        Assert.Equal(2L, read.Scalar("SELECT count(*) FROM audit WHERE certificate IS NULL;"));
        Assert.Equal("4F3CA30E6D445F21", read.Scalar("SELECT certificate FROM audit WHERE seq = 3;"));
    }
}
