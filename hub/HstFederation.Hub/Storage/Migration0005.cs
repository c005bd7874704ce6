namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 5: the source-controlled lifecycle (docs/lifecycle.md). Deliveries gain two kinds — 3: a lifecycle order
/// to a holder, 4: a holder's confirmation relayed to the message's source — which the CHECK on deliveries.kind
/// forbade, so the table is rebuilt the SQLite way (new table, copy every row with its cursor, drop, rename, indexes
/// again, the AUTOINCREMENT sequence carried over so no cursor is ever handed out twice). New: each message's
/// lifecycle state, the orders, and each order's holders with their confirmations. State rows of messages accepted
/// before this migration are created on first use (LifecycleStates.Ensure): their handling is in the signed header,
/// which SQL cannot read. Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0005
{
    public const string Sql = """
        -- order_id: the order a kind-3 delivery carries, or a kind-4 relay answers. withdrawn_at_ms: an envelope
        -- delivery of a recalled or expired message, never streamed again (its bytes are gone).
        CREATE TABLE deliveries_v5 (
            cursor INTEGER PRIMARY KEY AUTOINCREMENT,
            recipient TEXT NOT NULL,
            kind INTEGER NOT NULL CHECK (kind IN (1, 2, 3, 4)),
            hub_sequence INTEGER NOT NULL REFERENCES messages (hub_sequence),
            delivery_receipt BLOB,
            acked_at_ms INTEGER,
            relays_cursor INTEGER UNIQUE REFERENCES deliveries (cursor),
            forward_id INTEGER REFERENCES forwards (forward_id),
            order_id BLOB,
            withdrawn_at_ms INTEGER,
            CHECK ((kind IN (1, 3)) = (relays_cursor IS NULL)),
            CHECK (kind IN (1, 3) OR delivery_receipt IS NOT NULL),
            CHECK ((kind IN (3, 4)) = (order_id IS NOT NULL)),
            CHECK (kind = 1 OR withdrawn_at_ms IS NULL)
        ) STRICT;
        INSERT INTO deliveries_v5 (cursor, recipient, kind, hub_sequence, delivery_receipt, acked_at_ms, relays_cursor, forward_id)
            SELECT cursor, recipient, kind, hub_sequence, delivery_receipt, acked_at_ms, relays_cursor, forward_id FROM deliveries ORDER BY cursor;
        DELETE FROM sqlite_sequence WHERE name = 'deliveries_v5';
        INSERT INTO sqlite_sequence (name, seq) SELECT 'deliveries_v5', seq FROM sqlite_sequence WHERE name = 'deliveries';
        DROP TABLE deliveries;
        ALTER TABLE deliveries_v5 RENAME TO deliveries;
        CREATE UNIQUE INDEX deliveries_envelope_once ON deliveries (recipient, hub_sequence) WHERE kind = 1;
        CREATE INDEX deliveries_by_recipient ON deliveries (recipient, cursor);
        CREATE INDEX deliveries_unacked ON deliveries (recipient, hub_sequence) WHERE acked_at_ms IS NULL;
        CREATE INDEX deliveries_by_message ON deliveries (hub_sequence, kind);

        -- An order or an update names a message by id alone; its source is checked after.
        CREATE INDEX messages_by_id ON messages (message_id);

        -- state 1: active, 2: recalled, 3: expired. handling: the effective Handling (protobuf) after restrictions;
        -- retain_until_ms: the effective retention date (the header's, moved by extensions). version 1 for an
        -- original; supersedes / superseded_by: the version chain of updates.
        CREATE TABLE message_lifecycle (
            hub_sequence INTEGER PRIMARY KEY REFERENCES messages (hub_sequence),
            header_sha256 BLOB NOT NULL CHECK (length(header_sha256) = 32),
            version INTEGER NOT NULL CHECK (version >= 1),
            supersedes INTEGER UNIQUE REFERENCES messages (hub_sequence),
            superseded_by INTEGER UNIQUE REFERENCES messages (hub_sequence),
            handling BLOB NOT NULL,
            retain_until_ms INTEGER NOT NULL,
            state INTEGER NOT NULL CHECK (state IN (1, 2, 3)),
            purged_at_ms INTEGER
        ) STRICT;
        CREATE INDEX message_lifecycle_by_retention ON message_lifecycle (retain_until_ms) WHERE state = 1;

        -- One row per order (order_id chosen by its signer): the signed order as evidence and the hub's signed receipt.
        CREATE TABLE lifecycle_orders (
            order_id BLOB PRIMARY KEY CHECK (length(order_id) = 16),
            hub_sequence INTEGER NOT NULL REFERENCES messages (hub_sequence),
            action TEXT NOT NULL,
            issuer TEXT NOT NULL,
            signed_order BLOB NOT NULL,
            order_sha256 BLOB NOT NULL CHECK (length(order_sha256) = 32),
            receipt BLOB NOT NULL,
            accepted_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX lifecycle_orders_by_message ON lifecycle_orders (hub_sequence, accepted_at_ms);

        -- One row per order and holder: its kind-3 delivery, the outcome the hub expects (1 purged or not held, 3
        -- applied), and once it answered, the holder's signed confirmation.
        CREATE TABLE lifecycle_holders (
            order_id BLOB NOT NULL REFERENCES lifecycle_orders (order_id),
            holder TEXT NOT NULL,
            forwarded_copy INTEGER NOT NULL CHECK (forwarded_copy IN (0, 1)),
            expected INTEGER NOT NULL CHECK (expected IN (1, 3)),
            cursor INTEGER NOT NULL UNIQUE REFERENCES deliveries (cursor),
            outcome INTEGER,
            confirmation BLOB,
            confirmed_at_ms INTEGER,
            PRIMARY KEY (order_id, holder),
            CHECK ((outcome IS NULL) = (confirmation IS NULL))
        ) STRICT;
        CREATE INDEX lifecycle_holders_outstanding ON lifecycle_holders (holder) WHERE outcome IS NULL;
        """;
}
