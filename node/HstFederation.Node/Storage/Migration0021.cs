namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 21: finding a quarantined item again by its bytes. The hub may send the same bytes more than once (a node
/// stopped before its cursor moved past them; a hub restored from a backup sends again what its database holds
/// unacknowledged, quarantined items included, at every subscription until this node's cursor passes the restore):
/// each used to add a row for the operator to resolve again. <see cref="InboxTransactions.Quarantine"/> now looks for the
/// same item, reason and bytes first, through this index (the length narrows it to the rows that could be equal without
/// reading their blobs). An index only. Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0021
{
    public const string Sql = """
        CREATE INDEX quarantine_by_bytes ON quarantine (item, reason, length(envelope));
        """;
}
