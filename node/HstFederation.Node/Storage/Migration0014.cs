namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 14: what a purge needs to find everything the hub told this NCB about a message (docs/intelligence.md,
/// "On the receiving node"; docs/lifecycle.md §4). <c>hit_notifications</c> links every inbox row carrying a hit
/// notification to its hit, a repeated one too (migration 7 gave the hit only its first row), so
/// <see cref="PurgedHits"/> empties them all. <c>product_copies</c> does the same for analytical products, and
/// <c>product_sources</c> keeps the sources a product lists (until now only inside its plaintext), so
/// <see cref="PurgedProducts"/> purges every product built from a message this node purges. Rows already stored are
/// linked here where SQL can (a hit's first notification); the rest needs their plaintext parsed, which
/// NodeDatabase.Open does after the migrations (<see cref="PurgedHits.CatchUp"/>, <see cref="PurgedProducts.CatchUp"/>).
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0014
{
    public const string Sql = """
        -- Every inbox row holding a hit notification, and its hit: written with the row (IntelligenceTransactions).
        CREATE TABLE hit_notifications (
            inbox_local_id INTEGER PRIMARY KEY REFERENCES inbox (local_id),
            hit_row INTEGER NOT NULL REFERENCES hits (id)
        ) STRICT;
        CREATE INDEX hit_notifications_by_hit ON hit_notifications (hit_row);
        INSERT INTO hit_notifications (inbox_local_id, hit_row) SELECT inbox_local_id, id FROM hits;

        -- Every inbox row holding an analytical product, and its product; a row here means its sources are recorded.
        CREATE TABLE product_copies (
            inbox_local_id INTEGER PRIMARY KEY REFERENCES inbox (local_id),
            product_row INTEGER NOT NULL REFERENCES products (id)
        ) STRICT;
        CREATE INDEX product_copies_by_product ON product_copies (product_row);

        -- Each source AnalyticalProduct.sources lists (sender, message id), from the checked content. A truncated
        -- product lists only some of the messages it was built from: only those are here.
        CREATE TABLE product_sources (
            product_row INTEGER NOT NULL REFERENCES products (id),
            sender TEXT NOT NULL,
            message_id BLOB NOT NULL CHECK (length(message_id) = 16),
            PRIMARY KEY (product_row, sender, message_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX product_sources_by_message ON product_sources (message_id, sender);
        """;
}
