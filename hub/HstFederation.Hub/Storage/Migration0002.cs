namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 2: the hub's intelligence (docs/intelligence.md) — its own outbound numbering, the intelligence worker's
/// progress, entities, blind tokens, hits and their notifications, and the envelopes it forwarded on a release.
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0002
{
    public const string Sql = """
        -- The hub's count of the messages it authored to each member (Recipient.sequence of its envelopes). Its
        -- per-sender sequence is sender_state's row for urn:hst:hub:IPSG, as for every sender; both move in the
        -- transaction that stores the message, so neither has gaps.
        CREATE TABLE hub_recipient_state (
            recipient TEXT PRIMARY KEY,
            last_sequence INTEGER NOT NULL
        ) STRICT;

        -- The intelligence worker's durable marker: every message up to this hub sequence has been processed.
        CREATE TABLE intelligence_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            processed_through INTEGER NOT NULL
        ) STRICT;
        INSERT INTO intelligence_state (id, processed_through) VALUES (1, 0);

        -- The normalised entities of each hub-readable HST message (HstFederation.Entities MessageEntities.Serialize);
        -- the in-memory entity index is rebuilt from these rows at start.
        CREATE TABLE message_entities (
            hub_sequence INTEGER PRIMARY KEY REFERENCES messages (hub_sequence),
            entities BLOB NOT NULL
        ) STRICT;

        -- Blind tokens submitted with a direct exchange (SubmitRequest.matching_tokens), stored with its message in the
        -- same transaction: keyed hashes only, never an identifier.
        CREATE TABLE matching_tokens (
            hub_sequence INTEGER NOT NULL REFERENCES messages (hub_sequence),
            key_id TEXT NOT NULL,
            kind INTEGER NOT NULL,
            token BLOB NOT NULL CHECK (length(token) = 32),
            path TEXT NOT NULL,
            PRIMARY KEY (hub_sequence, key_id, kind, token, path)
        ) STRICT;
        CREATE INDEX matching_tokens_by_token ON matching_tokens (key_id, kind, token, hub_sequence);

        -- One hit per pair of messages of different sources: found when the later one (new_message) was processed.
        -- explanation names kinds, paths, scores and factors; never a value.
        CREATE TABLE hits (
            hit_id BLOB PRIMARY KEY CHECK (length(hit_id) = 16),
            new_message INTEGER NOT NULL REFERENCES messages (hub_sequence),
            held_message INTEGER NOT NULL REFERENCES messages (hub_sequence),
            basis INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            score REAL NOT NULL,
            explanation TEXT NOT NULL,
            detected_at_ms INTEGER NOT NULL,
            UNIQUE (new_message, held_message),
            CHECK (held_message < new_message)
        ) STRICT;

        -- The HitNotification the hub sent each source of a hit (notification = the hub's own message).
        CREATE TABLE hit_notifications (
            hit_id BLOB NOT NULL REFERENCES hits (hit_id),
            recipient TEXT NOT NULL,
            notification INTEGER NOT NULL REFERENCES messages (hub_sequence),
            PRIMARY KEY (hit_id, recipient)
        ) STRICT;

        -- Envelopes the hub forwarded on a release: the source's stored envelope plus one signed forward record for
        -- one new recipient. The message row keeps the bytes the source submitted (its retries still compare equal);
        -- the recipient's delivery (kind 1) points here through deliveries.forward_id.
        CREATE TABLE forwards (
            forward_id INTEGER PRIMARY KEY AUTOINCREMENT,
            hub_sequence INTEGER NOT NULL REFERENCES messages (hub_sequence),
            recipient TEXT NOT NULL,
            envelope BLOB NOT NULL,
            hit_id BLOB NOT NULL REFERENCES hits (hit_id),
            released_by TEXT NOT NULL,
            forwarded_at_ms INTEGER NOT NULL,
            UNIQUE (hub_sequence, recipient)
        ) STRICT;
        ALTER TABLE deliveries ADD COLUMN forward_id INTEGER REFERENCES forwards (forward_id);
        """;
}
