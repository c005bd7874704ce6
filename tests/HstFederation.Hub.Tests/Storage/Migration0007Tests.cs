using HstFederation.Hub.Storage;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>Migration 7 adds <c>message_lifecycle.lineage_reason</c>: a version-6 file keeps its lifecycle rows (no reason) and the ledger reads them.</summary>
public sealed class Migration0007Tests
{
    [Fact]
    public async Task Open_Version6DatabaseWithALifecycleRow_KeepsItWithoutAReason_AndTheLedgerReadsIt()
    {
        // One message and its lifecycle row (version 2 of something, before reasons were kept).
        using var file = OldSchemaFile.Create(6, """
            INSERT INTO messages (hub_sequence, sender, message_id, sequence, envelope, envelope_sha256, created_at_ms, expires_at_ms, accepted_at_ms, receipt)
            VALUES (1, 'urn:hst:member:FR', zeroblob(16), 1, X'0A', zeroblob(32), 0, 0, 0, X'0B');
            INSERT INTO message_lifecycle (hub_sequence, header_sha256, version, handling, retain_until_ms, state)
            VALUES (1, zeroblob(32), 2, X'', 0, 1);
            """);

        await using var store = HubStore.Open(file.Path, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));
        using var connection = store.Database.OpenReadConnection();
        Assert.Equal((long)SchemaMigrations.LatestVersion, connection.Scalar("SELECT max(version) FROM schema_version;"));
        Assert.Equal(
            "1|2|1|",
            connection.Query(
                "SELECT hub_sequence, version, state, coalesce(lineage_reason, '') FROM message_lifecycle;",
                reader => reader.Read() ? $"{reader.GetInt64(0)}|{reader.GetInt64(1)}|{reader.GetInt64(2)}|{reader.GetString(3)}" : "none"));
        var lifecycle = LedgerLifecycleReader.Read(connection, 1, new byte[16])!;
        Assert.Equal((2, null, MessageState.Active), (lifecycle.Version, lifecycle.LineageReason, lifecycle.State));
    }
}
