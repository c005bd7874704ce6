namespace HstFederation.Hub.Storage;

/// <summary>Migration 1: the whole initial schema. Never edit a released migration; add the next one.</summary>
internal static class Migration0001
{
    public const string Sql = """
        CREATE TABLE messages (
            hub_sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            sender TEXT NOT NULL,
            message_id BLOB NOT NULL CHECK (length(message_id) = 16),
            sequence INTEGER NOT NULL CHECK (sequence > 0),
            envelope BLOB NOT NULL,
            envelope_sha256 BLOB NOT NULL CHECK (length(envelope_sha256) = 32),
            created_at_ms INTEGER NOT NULL,
            expires_at_ms INTEGER NOT NULL,
            accepted_at_ms INTEGER NOT NULL,
            receipt BLOB NOT NULL,
            UNIQUE (sender, message_id),
            UNIQUE (sender, sequence)
        ) STRICT;

        -- kind 1: an envelope for its recipient; kind 2: a recipient's delivery receipt relayed to the
        -- envelope's sender (relays_cursor names the acknowledged kind-1 delivery, so at most one relay each).
        CREATE TABLE deliveries (
            cursor INTEGER PRIMARY KEY AUTOINCREMENT,
            recipient TEXT NOT NULL,
            kind INTEGER NOT NULL CHECK (kind IN (1, 2)),
            hub_sequence INTEGER NOT NULL REFERENCES messages (hub_sequence),
            delivery_receipt BLOB,
            acked_at_ms INTEGER,
            relays_cursor INTEGER UNIQUE REFERENCES deliveries (cursor),
            CHECK ((kind = 1) = (relays_cursor IS NULL)),
            CHECK (kind = 1 OR delivery_receipt IS NOT NULL)
        ) STRICT;
        CREATE UNIQUE INDEX deliveries_envelope_once ON deliveries (recipient, hub_sequence) WHERE kind = 1;
        CREATE INDEX deliveries_by_recipient ON deliveries (recipient, cursor);
        CREATE INDEX deliveries_unacked ON deliveries (recipient, hub_sequence) WHERE acked_at_ms IS NULL;

        CREATE TABLE sender_state (
            sender TEXT PRIMARY KEY,
            last_sequence INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE members (
            party TEXT PRIMARY KEY,
            status INTEGER NOT NULL,
            signing_certificate BLOB NOT NULL,
            encryption_certificate BLOB NOT NULL,
            updated_at_ms INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE regions (
            name TEXT NOT NULL,
            member TEXT NOT NULL,
            PRIMARY KEY (name, member)
        ) STRICT;

        -- The member directory's serial: increases with every member or region change.
        CREATE TABLE directory_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            serial INTEGER NOT NULL
        ) STRICT;
        INSERT INTO directory_state (id, serial) VALUES (1, 0);

        -- Hash-chained, append-only (proto/HstFederation.Storage/Audit/AuditChain.cs documents the hash; Audit/HubAudit.cs holds the label).
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
