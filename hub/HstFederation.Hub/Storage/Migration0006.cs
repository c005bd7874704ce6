namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 6: retention reviews (docs/lifecycle.md §5). The hub asks a message's source, once per retention date,
/// whether to extend it or let it lapse; a row records that it asked, with which of its own envelopes, and the answer.
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0006
{
    public const string Sql = """
        -- One per message and retention date asked about: the primary key makes the review once per date, whatever
        -- restarts or concurrent turns do. hub_sequence names the source's message without a foreign key: the row is
        -- evidence that outlives the message's purge. review_hub_sequence: the hub's envelope that carried the
        -- RetentionReview (NULL when the source could not receive it: the send-skipped audit entry says why).
        -- decision 1: extended (by an extension order), 2: let lapse (a lapse order).
        CREATE TABLE retention_reviews (
            hub_sequence INTEGER NOT NULL,
            retain_until_ms INTEGER NOT NULL,
            requested_at_ms INTEGER NOT NULL,
            review_hub_sequence INTEGER,
            decision INTEGER CHECK (decision IN (1, 2)),
            decided_at_ms INTEGER,
            PRIMARY KEY (hub_sequence, retain_until_ms),
            CHECK ((decision IS NULL) = (decided_at_ms IS NULL))
        ) STRICT;
        CREATE INDEX retention_reviews_undecided ON retention_reviews (retain_until_ms) WHERE decision IS NULL;
        """;
}
