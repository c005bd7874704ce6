using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// `hst-hub hits` searches its window through hits_by_detected (migration 13), as the ledger's look-ups stay on theirs
/// (<see cref="HubStoreLedgerPlanTests"/>): a scan would read every hit the hub ever found for a week's list, and the list's
/// order comes from the index, so no sort of the window is built before the limit applies.
/// </summary>
public sealed class HubStoreHitsPlanTests
{
    [Theory]
    [InlineData(nameof(HubStore.HitsListSql))]
    [InlineData(nameof(HubStore.HitsCountSql))]
    public async Task HitsQuery_Plan_SearchesTheDetectionTimeIndex_AndNeitherScansNorSortsTheHits(string query)
    {
        await using var temp = TempStore.Create();
        var sql = query == nameof(HubStore.HitsListSql) ? HubStore.HitsListSql : HubStore.HitsCountSql;

        using var connection = temp.Store.Database.OpenReadConnection();
        var plan = connection.Query(
            "EXPLAIN QUERY PLAN " + sql,
            reader =>
            {
                var steps = new List<string>();
                while (reader.Read())
                {
                    steps.Add(reader.GetString(3));
                }

                return steps;
            },
            ("$since", 0L),
            ("$kind", null),
            ("$member", "urn:hst:member:FR"),
            ("$max", 50L));

        Assert.Contains(plan, step => step.StartsWith("SEARCH h USING INDEX hits_by_detected (detected_at_ms>?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
