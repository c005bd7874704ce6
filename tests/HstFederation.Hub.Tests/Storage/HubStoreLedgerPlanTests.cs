using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// The ledger's per-message look-ups stay on indexes (migration 4 and the existing unique ones): on a hub with millions
/// of deliveries and audit entries, a scan would turn one operator look-up into a read of the whole file. The queue
/// depths read the unacknowledged deliveries' partial index whole (the backlog, not every delivery ever made), the
/// rejection counts the rejections' (not every audit entry), and where a stream starts sending again after a restore the
/// backlog's too (not every delivery the member was ever sent), once: its pages then range over the member's own deliveries
/// from there, without a sort.
/// </summary>
public sealed class HubStoreLedgerPlanTests
{
    [Theory]
    [InlineData(nameof(LedgerReader.SendersSql), "SEARCH m USING COVERING INDEX sqlite_autoindex_messages_1 (sender=? AND message_id=?)")]
    [InlineData(nameof(LedgerReader.CopiesSql), "SEARCH d USING INDEX deliveries_by_message (hub_sequence=? AND kind=?)")]
    [InlineData(nameof(HubStore.UndeliveredSql), "SCAN d USING INDEX deliveries_unacked")]
    [InlineData(nameof(HubStore.RejectionsSql), "SCAN audit USING COVERING INDEX audit_rejections")]
    [InlineData(nameof(LedgerAudit.EntriesSql), "SEARCH audit USING INDEX audit_by_message (message_id=?)")]
    [InlineData(nameof(HubStore.FirstUnacknowledgedSql), "SEARCH d USING INDEX deliveries_unacked")]
    [InlineData(nameof(HubStore.UnacknowledgedSql), "SEARCH d USING INDEX deliveries_by_recipient (recipient=? AND cursor>? AND cursor<?)")]
    public async Task LedgerQuery_Plan_SearchesTheIndexAndScansNoLargeTable(string query, string expected)
    {
        await using var temp = TempStore.Create();
        var sql = query switch
        {
            nameof(LedgerReader.SendersSql) => LedgerReader.SendersSql,
            nameof(LedgerReader.CopiesSql) => LedgerReader.CopiesSql,
            nameof(HubStore.UndeliveredSql) => HubStore.UndeliveredSql,
            nameof(HubStore.RejectionsSql) => HubStore.RejectionsSql,
            nameof(HubStore.FirstUnacknowledgedSql) => HubStore.FirstUnacknowledgedSql,
            nameof(HubStore.UnacknowledgedSql) => HubStore.UnacknowledgedSql,
            _ => LedgerAudit.EntriesSql,
        };

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
            ("$id", new byte[16]),
            ("$sender", null),
            ("$hub", 1L),
            ("$recipient", "urn:hst:member:DE"),
            ("$after", 0L),
            ("$through", 1L),
            ("$max", 1L));

        Assert.Contains(expected, plan);
        Assert.DoesNotContain(plan, step => step != expected && (step.StartsWith("SCAN m", StringComparison.Ordinal)
            || step.StartsWith("SCAN d", StringComparison.Ordinal) || step.StartsWith("SCAN audit", StringComparison.Ordinal)));
        if (query == nameof(HubStore.UnacknowledgedSql))
        {
            // Read page after page: a sort would read everything in range for each page.
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
    }
}
