using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// Migration 13 (the hits by detection time): a version-12 file keeps its hits, gains the index keyed as `hst-hub hits`
/// orders its list, and the list reads the same rows through it.
/// </summary>
public sealed class Migration0013Tests
{
    [Fact]
    public async Task Open_Version12Database_AddsTheDetectionTimeIndex_AndTheHitsAreListedThroughIt()
    {
        using var file = OldSchemaFile.Create(12, """
            INSERT INTO messages (hub_sequence, sender, message_id, sequence, envelope, envelope_sha256, created_at_ms, expires_at_ms, accepted_at_ms, receipt) VALUES
                (1, 'urn:hst:member:FR', zeroblob(16), 1, X'0A', zeroblob(32), 0, 0, 5, X'0B'),
                (2, 'urn:hst:member:DE', zeroblob(16), 1, X'0A', zeroblob(32), 0, 0, 6, X'0B'),
                (3, 'urn:hst:member:IT', zeroblob(16), 1, X'0A', zeroblob(32), 0, 0, 7, X'0B');
            INSERT INTO hits (hit_id, new_message, held_message, basis, kind, score, explanation, detected_at_ms) VALUES
                (X'00000000000000000000000000000001', 2, 1, 1, 1, 0.9, '', 1000),
                (X'00000000000000000000000000000002', 3, 1, 1, 1, 0.8, '', 3000),
                (X'00000000000000000000000000000003', 3, 2, 1, 1, 0.7, '', 2000);
            """);

        await using var store = HubStore.Open(file.Path, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));

        using (var connection = store.Database.OpenReadConnection())
        {
            Assert.Equal((long)SchemaMigrations.LatestVersion, connection.Scalar("SELECT max(version) FROM schema_version;"));
            Assert.Equal(
                ["detected_at_ms", "new_message", "held_message"],
                connection.Query(
                    "SELECT name FROM pragma_index_info('hits_by_detected') ORDER BY seqno;",
                    reader =>
                    {
                        var columns = new List<string>();
                        while (reader.Read())
                        {
                            columns.Add(reader.GetString(0));
                        }

                        return columns;
                    }));
        }

        var list = await store.ListHitsAsync(new HitListFilter(1500, PartyId.Member("FR"), null), 10);
        Assert.Equal(1, list.Total);
        Assert.Equal(2, Assert.Single(list.Hits).HitId[^1]);
        Assert.Equal(3, (await store.ListHitsAsync(new HitListFilter(0, null, null), 10)).Total);
    }
}
