namespace HstFederation.Node.Storage;

/// <summary>Migration 1: the initial schema. Never edit a released migration; add the next one.</summary>
internal static class Migration0001
{
    public const string Sql = """
        -- This node's own sequence counter (one sender per node): allocated with each outbox row.
        CREATE TABLE sequence_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_sequence INTEGER NOT NULL
        ) STRICT;
        INSERT INTO sequence_state (id, last_sequence) VALUES (1, 0);

        -- state 1 queued, 2 accepted (receipt + hub_sequence), 3 rejected (reason + detail).
        CREATE TABLE outbox (
            local_id INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id BLOB NOT NULL UNIQUE CHECK (length(message_id) = 16),
            sequence INTEGER NOT NULL UNIQUE CHECK (sequence > 0),
            actor TEXT NOT NULL,
            plaintext BLOB NOT NULL,
            envelope BLOB,
            created_at_ms INTEGER NOT NULL,
            state INTEGER NOT NULL CHECK (state IN (1, 2, 3)),
            state_at_ms INTEGER NOT NULL,
            receipt BLOB,
            hub_sequence INTEGER,
            reject_reason TEXT,
            reject_detail TEXT,
            CHECK ((state = 2) = (receipt IS NOT NULL AND hub_sequence IS NOT NULL)),
            CHECK ((state = 3) = (reject_reason IS NOT NULL AND reject_detail IS NOT NULL))
        ) STRICT;
        CREATE INDEX outbox_queued ON outbox (local_id) WHERE state = 1;

        CREATE TABLE outbox_addressees (
            local_id INTEGER NOT NULL REFERENCES outbox (local_id),
            addressee TEXT NOT NULL,
            PRIMARY KEY (local_id, addressee)
        ) STRICT;

        -- One signed delivery receipt per recipient and message, kept as evidence.
        CREATE TABLE outbox_deliveries (
            local_id INTEGER NOT NULL REFERENCES outbox (local_id),
            recipient TEXT NOT NULL,
            receipt BLOB NOT NULL,
            received_at_ms INTEGER NOT NULL,
            PRIMARY KEY (local_id, recipient)
        ) STRICT;

        CREATE TABLE inbox (
            local_id INTEGER PRIMARY KEY AUTOINCREMENT,
            sender TEXT NOT NULL,
            message_id BLOB NOT NULL CHECK (length(message_id) = 16),
            sequence INTEGER NOT NULL CHECK (sequence > 0),
            header_hash BLOB NOT NULL,
            envelope BLOB NOT NULL,
            plaintext BLOB NOT NULL,
            forwards INTEGER NOT NULL CHECK (forwards >= 0),
            received_at_ms INTEGER NOT NULL,
            UNIQUE (sender, message_id)
        ) STRICT;

        -- Deliveries that failed verification: kept with their reason, never stored as valid.
        CREATE TABLE quarantine (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            envelope BLOB NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            quarantined_at_ms INTEGER NOT NULL
        ) STRICT;

        -- The highest sequence stored per sender, to notice gaps.
        CREATE TABLE sender_sequences (
            sender TEXT PRIMARY KEY,
            last_sequence INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE alarms (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            sender TEXT NOT NULL,
            expected INTEGER NOT NULL,
            received INTEGER NOT NULL,
            raised_at_ms INTEGER NOT NULL
        ) STRICT;

        -- The hub stream cursor: the last delivery this node has durably handled.
        CREATE TABLE hub_cursor (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            cursor INTEGER NOT NULL
        ) STRICT;
        INSERT INTO hub_cursor (id, cursor) VALUES (1, 0);

        -- Hash-chained, append-only (proto/HstFederation.Storage/Audit/AuditChain.cs documents the hash; Audit/NodeAudit.cs holds the label).
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at_ms INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            message_id BLOB,
            detail TEXT NOT NULL,
            prev_hash BLOB NOT NULL,
            hash BLOB NOT NULL
        ) STRICT;
        CREATE INDEX audit_by_action ON audit (action);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'the audit log is append-only');
        END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'the audit log is append-only');
        END;
        """;
}
