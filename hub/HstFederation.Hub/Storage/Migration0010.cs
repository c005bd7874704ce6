namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 10: each product's sources beside it (docs/intelligence.md "Products after a recall or expiry"). A product
/// holds the names, links and routes of the messages it was built from, and the hub recorded which ones only inside the
/// product, encrypted; so a recall or an expiry of a source could not find the products to purge. The run's transaction
/// now fills <c>product_sources</c>; a product stored before this migration gets its rows from the hub's own copy, which
/// only the serving hub can open (its key), in the product loop's first turn (<c>ProductSourceBackfill</c>), not here.
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0010
{
    public const string Sql = """
        -- Every stored message a product was built from (AnalyticalProduct.sources, and for a product truncated to fit one
        -- envelope also those it had to leave out of that list). A product with source_count > 0 and no row here was stored
        -- before this migration and is still to be backfilled.
        CREATE TABLE product_sources (
            product_id BLOB NOT NULL REFERENCES products (product_id),
            hub_sequence INTEGER NOT NULL REFERENCES messages (hub_sequence),
            PRIMARY KEY (product_id, hub_sequence)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX product_sources_by_message ON product_sources (hub_sequence);

        -- Set when a source's recall or expiry purged the product at the hub: its envelope emptied, its delivery withdrawn.
        -- purge_cause: the source's message_lifecycle.state then (2 recalled, 3 expired); purged_by: that source. The row
        -- stays for the ledger, as the message row of a purged message does.
        ALTER TABLE products ADD COLUMN purged_at_ms INTEGER;
        ALTER TABLE products ADD COLUMN purge_cause INTEGER CHECK (purge_cause IS NULL OR purge_cause IN (2, 3));
        ALTER TABLE products ADD COLUMN purged_by INTEGER REFERENCES messages (hub_sequence);
        """;
}
