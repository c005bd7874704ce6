namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 3: analytical products (docs/intelligence.md#products). A run is one kind of product over one
/// period, for the NCBs concerned or a named list; an operator's request is a pending run that the serving hub
/// picks up, a scheduled run is written by the hub itself. A product row records what was sent to whom — never
/// its content, which travels only inside the envelope (messages.envelope) encrypted to its recipient and the hub.
/// </summary>
internal static class Migration0003
{
    public const string Sql = """
        -- Products cover the messages created in a period: read by creation time, not by hub sequence.
        CREATE INDEX messages_by_created ON messages (created_at_ms);

        -- origin 1: the schedule; 2: an operator's request. recipients: comma-separated member codes, NULL for the
        -- NCBs concerned. Pending until completed_at_ms is set.
        CREATE TABLE product_runs (
            run_id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind INTEGER NOT NULL CHECK (kind IN (1, 2)),
            origin INTEGER NOT NULL CHECK (origin IN (1, 2)),
            period_start_ms INTEGER NOT NULL,
            period_end_ms INTEGER NOT NULL CHECK (period_end_ms > period_start_ms),
            recipients TEXT,
            requested_at_ms INTEGER NOT NULL,
            requested_by TEXT NOT NULL,
            completed_at_ms INTEGER,
            products INTEGER,
            outcome TEXT
        ) STRICT;
        CREATE INDEX product_runs_pending ON product_runs (run_id) WHERE completed_at_ms IS NULL;
        CREATE INDEX product_runs_by_origin ON product_runs (origin, kind, requested_at_ms);

        -- One per recipient and run (a run resumed after a restart skips the recipients it already served).
        -- message_id: the hub's envelope that carries the product (messages, sender urn:hst:hub:IPSG).
        CREATE TABLE products (
            product_id BLOB PRIMARY KEY CHECK (length(product_id) = 16),
            run_id INTEGER NOT NULL REFERENCES product_runs (run_id),
            kind INTEGER NOT NULL CHECK (kind IN (1, 2)),
            recipient TEXT NOT NULL,
            period_start_ms INTEGER NOT NULL,
            period_end_ms INTEGER NOT NULL,
            produced_at_ms INTEGER NOT NULL,
            source_count INTEGER NOT NULL,
            truncated INTEGER NOT NULL CHECK (truncated IN (0, 1)),
            message_id BLOB NOT NULL CHECK (length(message_id) = 16),
            UNIQUE (run_id, recipient)
        ) STRICT;
        CREATE INDEX products_by_produced ON products (produced_at_ms);
        """;
}
