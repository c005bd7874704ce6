namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 19: a message an operator's <c>cancel</c> stopped before migration 17 gets the purge cause <c>cancelled</c>.
/// Before 17 the cause had no such value and <see cref="OutboxCancel"/> recorded <c>recalled</c>, which tells an auditor
/// (<c>show</c>, <c>ledger</c>, the agency API's ledger) that a message which never left the node had been sent and
/// withdrawn. The evidence is the audit log: every cancel since the command exists is an entry with the action
/// <c>cancel</c> and the message's id, written in the transaction that purged the row. A cancel purges only its outbox
/// row (no tombstone, and a message the hub never received has no hits or products here), so only <c>outbox</c> rows
/// change, and only those still <c>recalled</c>: an inbox copy or a tombstone recalled by its source stays as it is, even
/// under the same id (ids are unique per sender only), and so does any outbox row the audit log does not show cancelled.
/// The audit log is only read: its entries, the <c>purge</c> with <c>cause=recalled</c> among them, stay as they were
/// written (it is append-only and hash-chained). Columns are updated, no table is rebuilt.
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0019
{
    public const string Sql = """
        UPDATE outbox SET purge_cause = 'cancelled'
        WHERE purge_cause = 'recalled'
            AND message_id IN (SELECT message_id FROM audit WHERE action = 'cancel' AND message_id IS NOT NULL);
        """;
}
