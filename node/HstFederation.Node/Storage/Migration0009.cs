namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 9: the source-controlled lifecycle of docs/lifecycle.md. Every stored message gets its lineage (version,
/// what it supersedes, what superseded it), its effective handling and retention (the signed header's, as later
/// restricted or extended by orders of its source) and, once purged, when and why. A purge blanks the content columns
/// in place (the row stays, so ids, receipts and the UNIQUE (sender, message_id) constraint keep working) and a
/// tombstone keeps the evidence. <c>retain_until_ms</c> is NULL on rows stored before this migration until
/// <c>RetentionBackfill</c> fills it from the stored header at open: a migration stays plain SQL, and the header is a
/// protobuf.
/// </summary>
internal static class Migration0009
{
    public const string Sql = """
        -- version: 1 for an original, Lineage.version for an update. supersedes_message_id: Lineage.supersedes_message_id.
        -- superseded_by: the message id of the newer version this node also stores (NULL: current, as far as it knows).
        -- effective_handling: a serialized hst.v1.Handling after restrictions; NULL = the signed header's.
        -- retain_until_ms: the effective retention date (the header's, then extensions).
        -- purge_cause: recalled | restricted | expired; the content columns are blanked when it is set.
        ALTER TABLE inbox ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
        ALTER TABLE inbox ADD COLUMN supersedes_message_id BLOB CHECK (supersedes_message_id IS NULL OR length(supersedes_message_id) = 16);
        ALTER TABLE inbox ADD COLUMN lineage_reason TEXT;
        ALTER TABLE inbox ADD COLUMN superseded_by BLOB CHECK (superseded_by IS NULL OR length(superseded_by) = 16);
        ALTER TABLE inbox ADD COLUMN effective_handling BLOB;
        ALTER TABLE inbox ADD COLUMN retain_until_ms INTEGER;
        ALTER TABLE inbox ADD COLUMN purged_at_ms INTEGER;
        ALTER TABLE inbox ADD COLUMN purge_cause TEXT CHECK (purge_cause IS NULL OR purge_cause IN ('recalled', 'restricted', 'expired'));
        CREATE INDEX inbox_by_retention ON inbox (retain_until_ms) WHERE purged_at_ms IS NULL;

        ALTER TABLE outbox ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
        ALTER TABLE outbox ADD COLUMN supersedes_message_id BLOB CHECK (supersedes_message_id IS NULL OR length(supersedes_message_id) = 16);
        ALTER TABLE outbox ADD COLUMN lineage_reason TEXT;
        ALTER TABLE outbox ADD COLUMN superseded_by BLOB CHECK (superseded_by IS NULL OR length(superseded_by) = 16);
        ALTER TABLE outbox ADD COLUMN effective_handling BLOB;
        ALTER TABLE outbox ADD COLUMN retain_until_ms INTEGER;
        ALTER TABLE outbox ADD COLUMN purged_at_ms INTEGER;
        ALTER TABLE outbox ADD COLUMN purge_cause TEXT CHECK (purge_cause IS NULL OR purge_cause IN ('recalled', 'restricted', 'expired'));
        CREATE INDEX outbox_by_retention ON outbox (retain_until_ms) WHERE purged_at_ms IS NULL;

        -- What remains of a purged (or never held) message: one per (sender, message id). order_statement: the
        -- serialized SignedStatement of the LifecycleOrder that caused it, the evidence (NULL when this node's own
        -- retention sweeper purged it; the hub's expiry order fills it when it arrives). outcome: the
        -- LifecycleOutcome number confirmed (1 PURGED, 2 NOT_HELD). box/local_id: the blanked row, NULL if never held.
        -- A later envelope of a tombstoned message is never stored.
        CREATE TABLE tombstones (
            sender TEXT NOT NULL,
            message_id BLOB NOT NULL CHECK (length(message_id) = 16),
            header_hash BLOB NOT NULL,
            box TEXT CHECK (box IS NULL OR box IN ('inbox', 'outbox')),
            local_id INTEGER,
            cause TEXT NOT NULL CHECK (cause IN ('recalled', 'restricted', 'expired')),
            order_id BLOB CHECK (order_id IS NULL OR length(order_id) = 16),
            order_statement BLOB,
            outcome INTEGER NOT NULL CHECK (outcome IN (1, 2)),
            purged_at_ms INTEGER NOT NULL,
            PRIMARY KEY (sender, message_id),
            CHECK ((box IS NULL) = (local_id IS NULL)),
            CHECK ((order_id IS NULL) = (order_statement IS NULL))
        ) STRICT;

        -- Orders this node received as a holder, applied durably with the confirmation it signed; a redelivery of
        -- the same order is answered with the stored confirmation. action: LifecycleOrders.ActionName.
        CREATE TABLE lifecycle_orders_received (
            order_id BLOB PRIMARY KEY CHECK (length(order_id) = 16),
            source TEXT NOT NULL,
            message_id BLOB NOT NULL CHECK (length(message_id) = 16),
            action TEXT NOT NULL,
            order_statement BLOB NOT NULL,
            outcome INTEGER NOT NULL CHECK (outcome IN (1, 2, 3)),
            confirmation BLOB NOT NULL,
            applied_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX lifecycle_orders_received_by_message ON lifecycle_orders_received (message_id);

        -- Orders this node issued as a message's source (the order outbox): stored signed before the command
        -- reports success, sent by the background sender. state 1 queued, 2 accepted (the hub's signed
        -- LifecycleReceipt), 3 refused (the hub's RejectionReason name and detail).
        CREATE TABLE lifecycle_orders_issued (
            order_id BLOB PRIMARY KEY CHECK (length(order_id) = 16),
            outbox_local_id INTEGER NOT NULL REFERENCES outbox (local_id),
            message_id BLOB NOT NULL CHECK (length(message_id) = 16),
            action TEXT NOT NULL,
            actor TEXT NOT NULL,
            order_statement BLOB NOT NULL,
            state INTEGER NOT NULL CHECK (state IN (1, 2, 3)),
            receipt BLOB,
            refusal_reason TEXT,
            refusal_detail TEXT,
            created_at_ms INTEGER NOT NULL,
            state_at_ms INTEGER NOT NULL,
            CHECK ((state = 2) = (receipt IS NOT NULL)),
            CHECK ((state = 3) = (refusal_reason IS NOT NULL AND refusal_detail IS NOT NULL))
        ) STRICT;
        CREATE INDEX lifecycle_orders_issued_queued ON lifecycle_orders_issued (created_at_ms) WHERE state = 1;
        CREATE INDEX lifecycle_orders_issued_by_message ON lifecycle_orders_issued (message_id);

        -- The holders an issued order was queued for (LifecycleReceipt.holders) and their signed confirmations.
        -- A confirmation may arrive before the receipt is recorded: rows are upserted from either side.
        -- outcome: LifecycleOutcome number; NULL until confirmed.
        CREATE TABLE lifecycle_order_holders (
            order_id BLOB NOT NULL REFERENCES lifecycle_orders_issued (order_id),
            holder TEXT NOT NULL,
            outcome INTEGER CHECK (outcome IS NULL OR outcome IN (1, 2, 3)),
            confirmation BLOB,
            confirmed_at_ms INTEGER,
            PRIMARY KEY (order_id, holder),
            CHECK ((outcome IS NULL) = (confirmation IS NULL) AND (outcome IS NULL) = (confirmed_at_ms IS NULL))
        ) STRICT, WITHOUT ROWID;

        -- RetentionReview content the hub sent (the inbox row holds the hub-signed envelope, as for hits).
        -- decision: extended | lapsed, set when this node issues the extension or lapse order.
        CREATE TABLE retention_reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            inbox_local_id INTEGER NOT NULL UNIQUE REFERENCES inbox (local_id),
            message_id BLOB NOT NULL CHECK (length(message_id) = 16),
            header_hash BLOB NOT NULL,
            retain_until_ms INTEGER NOT NULL,
            requested_at_ms INTEGER NOT NULL,
            holders INTEGER NOT NULL CHECK (holders >= 0),
            decision TEXT CHECK (decision IS NULL OR decision IN ('extended', 'lapsed')),
            decided_at_ms INTEGER,
            CHECK ((decision IS NULL) = (decided_at_ms IS NULL))
        ) STRICT;
        CREATE INDEX retention_reviews_by_message ON retention_reviews (message_id);

        -- What a quarantined item is: an envelope (as before), a lifecycle order or a lifecycle confirmation. The
        -- envelope column holds the item's serialized bytes (the SignedStatement for the last two).
        ALTER TABLE quarantine ADD COLUMN item TEXT NOT NULL DEFAULT 'envelope'
            CHECK (item IN ('envelope', 'lifecycle_order', 'lifecycle_confirmation'));
        """;
}
