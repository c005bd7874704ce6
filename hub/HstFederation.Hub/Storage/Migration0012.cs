namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 12: fewer pages written per commit, no new data. The two per-delivery indexes that only ever answer "this
/// message (and this recipient)" are keyed by the message first. Keyed by recipient first, a message's ten deliveries went to ten places in each of them, so every
/// commit wrote one page per recipient per index (the tail of each recipient's range, and at an acknowledgement the
/// older page it was entered on): with <c>deliveries_by_recipient</c>, which the streams need as it is, 55 % of the
/// pages a commit wrote at fan-out 10. Keyed by message, a message's deliveries sit side by side and new ones are
/// appended at the end. The uniqueness (one envelope delivery per recipient and message) is the same; every look-up
/// names the message (<c>LedgerReader.CopiesSql</c>, <c>RestrictedForwards</c>, the lifecycle's holders, the expiry's
/// report), and the one that groups by recipient (<c>HubStore.Stats</c>) reads the unacknowledged rows only.
/// A relay's batch of receipts (a kind-2 row, migration 8) moves out of its row into <c>relayed_receipts</c>: at about
/// 2 KB, the batches were nine tenths of the table's bytes, so five deliveries shared a page, and an acknowledgement call
/// (a recipient's deliveries, spread over the time they were queued in) rewrote about one page per delivery. Relays
/// written before keep their batch in the row; readers take the side table's first.
/// <c>audit_by_action</c> goes for the same reason: every audit entry went into it, at the tail of its action's range,
/// and only the rejection counts read it; they get an index of the rejections alone.
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
