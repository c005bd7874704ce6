namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 2: the local search index and the summaries lists filter on (Search/). Rows stored before this
/// migration are indexed at open by <see cref="Search.SearchIndexBackfill"/>, not here: a migration stays
/// plain SQL that never changes, while the extraction rules live in code and may improve.
/// </summary>
internal static class Migration0002
{
    public const string Sql = """
        -- One row per stored message of either box, written in the transaction that stores the message.
        -- parsed 0: the plaintext is not an HstMessage; the message is kept but has nothing to index.
        -- handling_code and crime_type are the hst.v1 enum numbers (H0 = 1 … H3 = 4); NULL when unset.
        CREATE TABLE message_summaries (
            box TEXT NOT NULL CHECK (box IN ('inbox', 'outbox')),
            local_id INTEGER NOT NULL,
            parsed INTEGER NOT NULL CHECK (parsed IN (0, 1)),
            handling_code INTEGER,
            case_reference TEXT,
            case_title TEXT,
            PRIMARY KEY (box, local_id)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE message_crime_types (
            box TEXT NOT NULL CHECK (box IN ('inbox', 'outbox')),
            local_id INTEGER NOT NULL,
            crime_type INTEGER NOT NULL,
            PRIMARY KEY (box, local_id, crime_type)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX message_crime_types_by_type ON message_crime_types (crime_type, box, local_id);

        -- "show <id>" looks a message up by id in both boxes; the inbox is unique per (sender, id) only.
        CREATE INDEX inbox_by_message_id ON inbox (message_id);

        -- Identifiers and names found in a message: value is the normalised lookup key, display the text as
        -- written, qualifier what qualifies it (document type and issuing country, platform, script …), path
        -- the field it came from, e.g. persons[1].documents[0].number. A phone may have two rows (E.164 and
        -- digits as written) for the same path. AUTOINCREMENT: an id is never reused, so a full-text row left
        -- behind by a purge can never point at another message's entry.
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            box TEXT NOT NULL CHECK (box IN ('inbox', 'outbox')),
            local_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            display TEXT NOT NULL,
            qualifier TEXT,
            path TEXT NOT NULL
        ) STRICT;
        CREATE INDEX entities_by_value ON entities (kind, value);
        CREATE INDEX entities_by_message ON entities (box, local_id);

        -- Names, organisations and free text, tokenised; rowid = entities.id. Contentless: the text is
        -- already in entities.display, and the indexed form is folded (Search/TextFold.cs) so it differs.
        -- Marks (M*) are token characters so that scripts with combining vowel signs stay one token.
        CREATE VIRTUAL TABLE entity_text USING fts5 (
            text,
            content = '',
            contentless_delete = 1,
            tokenize = 'unicode61 remove_diacritics 2 categories ''L* N* Co M*'''
        );
        """;
}
