namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 12: fewer pages written per commit, no new data (a commit writes every page its batch touched; measured in
/// the hub's own WAL at fan-out 10, docs/performance-log.md "Late on 2026-11-30"):
/// - the two per-delivery indexes that only ever answer "this message (and this recipient)" are keyed by the message
///   first. Keyed by recipient, a message's ten deliveries went to ten places in each, so a commit wrote a page per
///   recipient per index; keyed by message, they sit side by side at the end. The uniqueness (one envelope delivery per
///   recipient and message) is the same; every look-up names the message (<c>LedgerReader.CopiesSql</c>,
///   <c>RestrictedForwards</c>, the lifecycle's holders, the expiry's report), and the one that groups by recipient
///   (<c>HubStore.UndeliveredSql</c>) reads the unacknowledged rows only;
/// - a relay's batch of receipts (a kind-2 row, migration 8) moves out of its row into <c>relayed_receipts</c>: at about
///   2 KB, the batches were nine tenths of the deliveries table's bytes, so five deliveries shared a page, and an
///   acknowledgement call (one recipient's deliveries, spread over the time they were queued in) rewrote about a page per
///   delivery. Relays written before keep their batch in the row; readers take the side table's first;
/// - <c>audit_by_action</c>, which every audit entry went into and only the rejection counts read, becomes an index of
///   the rejections alone.
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0012
{
    public const string Sql = """
        DROP INDEX deliveries_envelope_once;
        CREATE UNIQUE INDEX deliveries_envelope_once ON deliveries (hub_sequence, recipient) WHERE kind = 1;
        DROP INDEX deliveries_unacked;
        CREATE INDEX deliveries_unacked ON deliveries (hub_sequence, recipient) WHERE acked_at_ms IS NULL;
        CREATE TABLE relayed_receipts (
            cursor INTEGER PRIMARY KEY REFERENCES deliveries (cursor),
            receipts BLOB NOT NULL
        ) STRICT;
        DROP INDEX audit_by_action;
        CREATE INDEX audit_rejections ON audit (detail) WHERE action = 'reject';
        """;
}
