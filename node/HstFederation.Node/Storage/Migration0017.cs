namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 17: two more purge causes (docs/lifecycle.md §4). <c>cancelled</c>: an operator's <c>cancel</c> of a queued
/// message the hub never received (<see cref="OutboxCancel"/>), recorded until now as <c>recalled</c>, which told an
/// auditor the message had left. <c>discarded</c>: an operator's <c>products discard</c> of a product left unrecorded at
/// upgrade (<see cref="ProductDiscard"/>). SQLite cannot alter a CHECK, so <c>inbox</c>, <c>outbox</c> and
/// <c>tombstones</c> (every purge cause column) are rebuilt the documented way (sqlite.org/lang_altertable.html, "Making
/// Other Kinds Of Table Schema Changes"): a new table with the same columns in the same order and every other constraint
/// as it was, every row copied with its local id, the AUTOINCREMENT sequence carried over (a local id is never handed out
/// twice), the old table dropped, the new one renamed, and its indexes and trigger created again exactly as migrations 1,
/// 2, 6 and 9 wrote them. The other tables' foreign keys name the tables by name and so point at the new ones;
/// <see cref="SchemaMigrations"/> runs this with foreign keys off (the drop would otherwise empty or refuse) and
/// <see cref="SchemaMigrations"/>'s foreign-key check before the commit, all in the one migration transaction, so an interrupted upgrade
/// leaves the file at version 16. <c>hub_withdrawn.cause</c> (migration 15) keeps its three values: it is the hub's
/// WithdrawalCause, which can be neither. Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0017
{
    public const string Sql = """
        CREATE TABLE inbox_v17 (
            local_id INTEGER PRIMARY KEY AUTOINCREMENT,
            sender TEXT NOT NULL,
            message_id BLOB NOT NULL CHECK (length(message_id) = 16),
            sequence INTEGER NOT NULL CHECK (sequence > 0),
            header_hash BLOB NOT NULL,
            envelope BLOB NOT NULL,
            plaintext BLOB NOT NULL,
            forwards INTEGER NOT NULL CHECK (forwards >= 0),
            received_at_ms INTEGER NOT NULL,
            content_type TEXT NOT NULL DEFAULT 'hst.v1.HstMessage',
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
            supersedes_message_id BLOB CHECK (supersedes_message_id IS NULL OR length(supersedes_message_id) = 16),
            lineage_reason TEXT,
            superseded_by BLOB CHECK (superseded_by IS NULL OR length(superseded_by) = 16),
            effective_handling BLOB,
            retain_until_ms INTEGER,
            purged_at_ms INTEGER,
            purge_cause TEXT CHECK (purge_cause IS NULL OR purge_cause IN ('recalled', 'restricted', 'expired', 'cancelled', 'discarded')),
            UNIQUE (sender, message_id)
        ) STRICT;
        INSERT INTO inbox_v17 (local_id, sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms, content_type,
            version, supersedes_message_id, lineage_reason, superseded_by, effective_handling, retain_until_ms, purged_at_ms, purge_cause)
            SELECT local_id, sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms, content_type,
                version, supersedes_message_id, lineage_reason, superseded_by, effective_handling, retain_until_ms, purged_at_ms, purge_cause
            FROM inbox ORDER BY local_id;
        DELETE FROM sqlite_sequence WHERE name = 'inbox_v17';
        INSERT INTO sqlite_sequence (name, seq) SELECT 'inbox_v17', seq FROM sqlite_sequence WHERE name = 'inbox';
        DROP TABLE inbox;
        ALTER TABLE inbox_v17 RENAME TO inbox;
        CREATE INDEX inbox_by_message_id ON inbox (message_id);
        CREATE INDEX inbox_by_retention ON inbox (retain_until_ms) WHERE purged_at_ms IS NULL;

        CREATE TABLE outbox_v17 (
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
            matching_tokens BLOB,
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
            supersedes_message_id BLOB CHECK (supersedes_message_id IS NULL OR length(supersedes_message_id) = 16),
            lineage_reason TEXT,
            superseded_by BLOB CHECK (superseded_by IS NULL OR length(superseded_by) = 16),
            effective_handling BLOB,
            retain_until_ms INTEGER,
            purged_at_ms INTEGER,
            purge_cause TEXT CHECK (purge_cause IS NULL OR purge_cause IN ('recalled', 'restricted', 'expired', 'cancelled', 'discarded')),
            CHECK ((state = 2) = (receipt IS NOT NULL AND hub_sequence IS NOT NULL)),
            CHECK ((state = 3) = (reject_reason IS NOT NULL AND reject_detail IS NOT NULL))
        ) STRICT;
        INSERT INTO outbox_v17 (local_id, message_id, sequence, actor, plaintext, envelope, created_at_ms, state, state_at_ms, receipt, hub_sequence,
            reject_reason, reject_detail, matching_tokens, version, supersedes_message_id, lineage_reason, superseded_by, effective_handling,
            retain_until_ms, purged_at_ms, purge_cause)
            SELECT local_id, message_id, sequence, actor, plaintext, envelope, created_at_ms, state, state_at_ms, receipt, hub_sequence,
                reject_reason, reject_detail, matching_tokens, version, supersedes_message_id, lineage_reason, superseded_by, effective_handling,
                retain_until_ms, purged_at_ms, purge_cause
            FROM outbox ORDER BY local_id;
        DELETE FROM sqlite_sequence WHERE name = 'outbox_v17';
        INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_v17', seq FROM sqlite_sequence WHERE name = 'outbox';
        DROP TABLE outbox;
        ALTER TABLE outbox_v17 RENAME TO outbox;
        CREATE INDEX outbox_queued ON outbox (local_id) WHERE state = 1;
        CREATE INDEX outbox_by_state ON outbox (state, state_at_ms);
        CREATE INDEX outbox_by_retention ON outbox (retain_until_ms) WHERE purged_at_ms IS NULL;
        CREATE TRIGGER outbox_accepted_counts AFTER UPDATE OF state ON outbox
        WHEN new.state = 2 AND old.state <> 2
        BEGIN
            INSERT OR IGNORE INTO recipient_counts (addressee, accepted)
                SELECT addressee, 0 FROM outbox_addressees WHERE local_id = new.local_id;
            UPDATE recipient_counts SET accepted = accepted + 1
                WHERE addressee IN (SELECT addressee FROM outbox_addressees WHERE local_id = new.local_id);
        END;

        CREATE TABLE tombstones_v17 (
            sender TEXT NOT NULL,
            message_id BLOB NOT NULL CHECK (length(message_id) = 16),
            header_hash BLOB NOT NULL,
            box TEXT CHECK (box IS NULL OR box IN ('inbox', 'outbox')),
            local_id INTEGER,
            cause TEXT NOT NULL CHECK (cause IN ('recalled', 'restricted', 'expired', 'cancelled', 'discarded')),
            order_id BLOB CHECK (order_id IS NULL OR length(order_id) = 16),
            order_statement BLOB,
            outcome INTEGER NOT NULL CHECK (outcome IN (1, 2)),
            purged_at_ms INTEGER NOT NULL,
            PRIMARY KEY (sender, message_id),
            CHECK ((box IS NULL) = (local_id IS NULL)),
            CHECK ((order_id IS NULL) = (order_statement IS NULL))
        ) STRICT;
        INSERT INTO tombstones_v17 (sender, message_id, header_hash, box, local_id, cause, order_id, order_statement, outcome, purged_at_ms)
            SELECT sender, message_id, header_hash, box, local_id, cause, order_id, order_statement, outcome, purged_at_ms FROM tombstones;
        DROP TABLE tombstones;
        ALTER TABLE tombstones_v17 RENAME TO tombstones;
        CREATE INDEX tombstones_by_message ON tombstones (message_id);
        """;
}
