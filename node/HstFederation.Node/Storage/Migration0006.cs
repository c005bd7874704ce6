namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 6: what the hub link reads for every message it seals, without reading the outbox rows. Each
/// recipient's sequence is one more than the messages to it the hub accepted; counting them joined the outbox
/// row, whose <c>state</c> sits behind the plaintext and envelope blobs, so every send read overflow pages of
/// every earlier accepted message to that recipient (≈ 24 ms for 10 recipients after 400 sends, growing without
/// bound). <c>recipient_counts</c> keeps the count, maintained by a trigger on the one transition that changes it
/// (queued → accepted; rows never leave the accepted state), so no code path can let it drift from the outbox.
/// The index on (state, state_at_ms) serves <c>status</c>'s counts and latest acceptance the same way.
/// </summary>
internal static class Migration0006
{
    public const string Sql = """
        CREATE TABLE recipient_counts (
            addressee TEXT PRIMARY KEY,
            accepted INTEGER NOT NULL CHECK (accepted >= 0)
        ) STRICT;
        INSERT INTO recipient_counts (addressee, accepted)
            SELECT a.addressee, COUNT(*) FROM outbox_addressees a JOIN outbox o ON o.local_id = a.local_id
            WHERE o.state = 2 GROUP BY a.addressee;
        CREATE TRIGGER outbox_accepted_counts AFTER UPDATE OF state ON outbox
        WHEN new.state = 2 AND old.state <> 2
        BEGIN
            INSERT OR IGNORE INTO recipient_counts (addressee, accepted)
                SELECT addressee, 0 FROM outbox_addressees WHERE local_id = new.local_id;
            UPDATE recipient_counts SET accepted = accepted + 1
                WHERE addressee IN (SELECT addressee FROM outbox_addressees WHERE local_id = new.local_id);
        END;
        CREATE INDEX outbox_by_state ON outbox (state, state_at_ms);
        """;
}
