namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 8: relayed receipts in batches (docs/hub.md "Storage"). An Acknowledge call's newly stored receipts are
/// relayed to each source as one kind-2 row holding a serialized DeliveryReceiptBatch, instead of one kind-2 row per
/// receipt: the relays were half the rows the single store writer handled per delivery (docs/performance.md). A batch
/// row's <c>relays_cursor</c> names the first delivery it relays, so the UNIQUE and the CHECKs of migration 5 hold as
/// they are and no table is rebuilt. Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0008
{
    public const string Sql = """
        -- batched_receipts: on a kind-2 row, how many receipts its DeliveryReceiptBatch holds; NULL for a single relay
        -- (one SignedStatement, as before this migration).
        ALTER TABLE deliveries ADD COLUMN batched_receipts INTEGER CHECK (batched_receipts IS NULL OR (kind = 2 AND batched_receipts >= 1));

        -- relayed_in: on an acknowledged envelope delivery, the kind-2 row that relays its receipt to the source (a batch
        -- or a single relay), so the ledger finds a copy's relay whichever kind it is. Deliberately no REFERENCES: with
        -- foreign keys on, setting it cost the writer about 10 µs per acknowledgement (measured on this schema, more than
        -- the batches saved); the writer sets it only to the relay it has just inserted in the same transaction.
        ALTER TABLE deliveries ADD COLUMN relayed_in INTEGER CHECK (relayed_in IS NULL OR kind = 1);
        UPDATE deliveries SET relayed_in = r.cursor
        FROM (SELECT cursor, relays_cursor FROM deliveries WHERE kind = 2) AS r
        WHERE deliveries.cursor = r.relays_cursor;
        """;
}
