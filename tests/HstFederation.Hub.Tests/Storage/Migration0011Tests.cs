using HstFederation.Hub.Storage;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// Migration 11 (the streams' pages by member): a version-10 file gains the index, and the look-up of when a member's
/// stream first carried a delivery (an expiry's report, the ledger) walks it rather than every member's pages.
/// </summary>
public sealed class Migration0011Tests
{
    [Fact]
    public async Task Open_Version10Database_AddsTheIndex_AndTheFirstCoveringPageLookUpSearchesIt()
    {
        using var file = OldSchemaFile.Create(10, string.Empty);

        await using var store = HubStore.Open(file.Path, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));

        using var connection = store.Database.OpenReadConnection();
        Assert.Equal((long)SchemaMigrations.LatestVersion, connection.Scalar("SELECT max(version) FROM schema_version;"));
        Assert.Equal(1L, connection.Scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'audit_deliver_by_actor';"));
        var plan = connection.Query(
            "EXPLAIN QUERY PLAN " + DeliverPages.FirstCoveringSql,
            reader =>
            {
                var details = new List<string>();
                while (reader.Read())
                {
                    details.Add(reader.GetString(3));
                }

                return details;
            },
            ("$member", "urn:hst:member:DE"),
            ("$after", 0L));
        Assert.Contains(plan, detail => detail.Contains("USING INDEX audit_deliver_by_actor (actor=? AND seq>?)", StringComparison.Ordinal));
    }
}
