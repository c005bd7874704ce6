using HstFederation.Hub.Storage;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// Migration 10 (each product's sources beside it): a version-9 file's products are kept as they were, not purged, and
/// those built from messages are listed for the serving hub's backfill (which alone can open them: Products/PurgedProductTests),
/// a product built from nothing is not.
/// </summary>
public sealed class Migration0010Tests
{
    [Fact]
    public async Task Open_Version9DatabaseWithProducts_AddsTheSourcesTable_AndListsTheProductsBuiltFromMessagesForTheBackfill()
    {
        using var file = OldSchemaFile.Create(9, """
            INSERT INTO messages (hub_sequence, sender, message_id, sequence, envelope, envelope_sha256, created_at_ms, expires_at_ms, accepted_at_ms, receipt) VALUES
                (1, 'urn:hst:member:FR', zeroblob(16), 1, X'0A', zeroblob(32), 0, 0, 0, X'0B'),
                (2, 'urn:hst:hub:IPSG', X'00000000000000000000000000000002', 1, X'0C', zeroblob(32), 0, 0, 0, X'0B'),
                (3, 'urn:hst:hub:IPSG', X'00000000000000000000000000000003', 2, X'0D', zeroblob(32), 0, 0, 0, X'0B');
            INSERT INTO product_runs (run_id, kind, origin, period_start_ms, period_end_ms, requested_at_ms, requested_by) VALUES (1, 2, 2, 0, 1, 0, 'test');
            INSERT INTO products (product_id, run_id, kind, recipient, period_start_ms, period_end_ms, produced_at_ms, source_count, truncated, message_id) VALUES
                (X'000000000000000000000000000000A1', 1, 2, 'urn:hst:member:IT', 0, 1, 0, 1, 0, X'00000000000000000000000000000002'),
                (X'000000000000000000000000000000A2', 1, 2, 'urn:hst:member:ES', 0, 1, 0, 0, 0, X'00000000000000000000000000000003');
            """);

        await using var store = HubStore.Open(file.Path, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));

        using var connection = store.Database.OpenReadConnection();
        Assert.Equal((long)SchemaMigrations.LatestVersion, connection.Scalar("SELECT max(version) FROM schema_version;"));
        Assert.Equal(0L, connection.Scalar("SELECT count(*) FROM product_sources;"));
        Assert.Equal(2L, connection.Scalar("SELECT count(*) FROM products WHERE purged_at_ms IS NULL AND purge_cause IS NULL AND purged_by IS NULL;"));
        var unrecorded = await store.ReadUnrecordedProductsAsync(new byte[16], 10);
        var (productId, envelope) = Assert.Single(unrecorded);
        Assert.Equal(Convert.FromHexString("000000000000000000000000000000A1"), productId);
        Assert.Equal([0x0C], envelope);
    }
}
