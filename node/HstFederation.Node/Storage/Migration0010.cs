namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 10: indexes for the ledger and status (docs/lifecycle.md §6). The ledger reads a message's audit entries
/// and tombstones by message id; without these each look-up scanned the whole audit log (which only grows) and the
/// tombstones (keyed by sender first). Status counts the confirmations still outstanding and the reviews not decided.
/// </summary>
internal static class Migration0010
{
    public const string Sql = """
        CREATE INDEX audit_by_message ON audit (message_id, seq) WHERE message_id IS NOT NULL;
        CREATE INDEX tombstones_by_message ON tombstones (message_id);
        CREATE INDEX lifecycle_order_holders_outstanding ON lifecycle_order_holders (order_id) WHERE outcome IS NULL;
        CREATE INDEX retention_reviews_undecided ON retention_reviews (retain_until_ms) WHERE decision IS NULL;
        """;
}
