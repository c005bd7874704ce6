namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 13: the hub's expiry reports (docs/lifecycle.md §5): when the hub expired a message this node sent before
/// some recipient acknowledged it, it sends this node a hub-signed ExpiryReport naming those recipients. Stored as
/// retention reviews are: the inbox row keeps the hub-signed envelope, these rows what `show` and `status` list.
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0013
{
    public const string Sql = """
        -- One per report (the inbox row that carried it). message_id/header_hash: this node's message, checked against
        -- its accepted outbox row before storing; expiry_order_id: the hub's expiry order; expired_at_ms: when.
        CREATE TABLE expiry_reports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            inbox_local_id INTEGER NOT NULL UNIQUE REFERENCES inbox (local_id),
            message_id BLOB NOT NULL CHECK (length(message_id) = 16),
            header_hash BLOB NOT NULL CHECK (length(header_hash) = 32),
            expiry_order_id BLOB NOT NULL CHECK (length(expiry_order_id) = 16),
            retain_until_ms INTEGER NOT NULL,
            expired_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX expiry_reports_by_message ON expiry_reports (message_id);
        CREATE INDEX expiry_reports_by_expiry ON expiry_reports (expired_at_ms);

        -- Each recipient the report names: never acknowledged its envelope. first_streamed_at_ms NULL: its stream never
        -- carried the envelope (the hub's 0).
        CREATE TABLE expiry_report_recipients (
            report_id INTEGER NOT NULL REFERENCES expiry_reports (id),
            recipient TEXT NOT NULL,
            forwarded_copy INTEGER NOT NULL CHECK (forwarded_copy IN (0, 1)),
            queued_at_ms INTEGER NOT NULL,
            first_streamed_at_ms INTEGER,
            PRIMARY KEY (report_id, recipient)
        ) STRICT, WITHOUT ROWID;
        """;
}
