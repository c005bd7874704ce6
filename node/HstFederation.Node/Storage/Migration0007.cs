namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 7: what the General Secretariat's hub itself sends this NCB (docs/node.md, "Hits, releases and
/// products"). A hit notification or an analytical product arrives as an ordinary envelope signed by the hub and
/// is stored as an inbox row like any delivery (the envelope is the evidence; sender sequences, repeats and
/// delivery receipts work as for every message), but its content is not an HST message: <c>inbox.content_type</c>
/// says what it is, no summary or entity rows are written for it (lists, search and the agency's message views
/// stay HST messages only), and a typed row in <c>hits</c> or <c>products</c> makes it listable. A release of a
/// hit is recorded on its row. <c>agencies.may_release</c> is the agency API's right to release (default off).
/// </summary>
internal static class Migration0007
{
    public const string Sql = """
        -- EnvelopeHeader.content_type of the stored content; every row before this migration is an HST message.
        ALTER TABLE inbox ADD COLUMN content_type TEXT NOT NULL DEFAULT 'hst.v1.HstMessage';

        -- One row per hit the hub notified (content hst.v1.HitNotification; the inbox row holds the notification).
        -- kinds: the MatchKind numbers of the matched entities, comma-separated, for lists. A second notification
        -- with a hit id already held is kept in the inbox as received and adds no row here.
        -- release_state 0: not released; 1: released (the hub forwarded the message, released_to names to whom);
        -- 2: refused (release_reason is the hub's RejectionReason name, or the node's own reason).
        CREATE TABLE hits (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            hit_id BLOB NOT NULL UNIQUE CHECK (length(hit_id) = 16),
            inbox_local_id INTEGER NOT NULL UNIQUE REFERENCES inbox (local_id),
            detected_at_ms INTEGER NOT NULL,
            basis INTEGER NOT NULL,
            your_message_id BLOB NOT NULL CHECK (length(your_message_id) = 16),
            other_sender TEXT NOT NULL,
            other_message_id BLOB NOT NULL CHECK (length(other_message_id) = 16),
            other_readable INTEGER NOT NULL CHECK (other_readable IN (0, 1)),
            score REAL NOT NULL,
            kinds TEXT NOT NULL CHECK (kinds NOT GLOB '*[^0-9,]*'),
            releasable INTEGER NOT NULL CHECK (releasable IN (0, 1)),
            release_state INTEGER NOT NULL DEFAULT 0 CHECK (release_state IN (0, 1, 2)),
            release_at_ms INTEGER,
            release_actor TEXT,
            released_to TEXT,
            release_reason TEXT,
            release_detail TEXT,
            CHECK ((release_state = 0) = (release_at_ms IS NULL AND release_actor IS NULL)),
            CHECK ((release_state = 1) = (released_to IS NOT NULL)),
            CHECK ((release_state = 2) = (release_reason IS NOT NULL AND release_detail IS NOT NULL))
        ) STRICT;
        CREATE INDEX hits_by_your_message ON hits (your_message_id);

        -- One row per analytical product (content hst.v1.AnalyticalProduct; the inbox row holds the product).
        -- description: a one-line summary for lists ("7 corridors", "12 nodes, 15 edges").
        CREATE TABLE products (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            product_id BLOB NOT NULL UNIQUE CHECK (length(product_id) = 16),
            inbox_local_id INTEGER NOT NULL UNIQUE REFERENCES inbox (local_id),
            kind INTEGER NOT NULL,
            produced_at_ms INTEGER NOT NULL,
            period_start_ms INTEGER NOT NULL,
            period_end_ms INTEGER NOT NULL,
            sources INTEGER NOT NULL CHECK (sources >= 0),
            description TEXT NOT NULL
        ) STRICT;

        ALTER TABLE agencies ADD COLUMN may_release INTEGER NOT NULL DEFAULT 0 CHECK (may_release IN (0, 1));
        """;
}
