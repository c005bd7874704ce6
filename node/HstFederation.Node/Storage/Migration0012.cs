namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 12: holders' confirmations of orders the hub issued about this node's own messages (the expiry,
/// docs/lifecycle.md §4). The hub relays each with its hub-signed order; once both verify against a message this node
/// sent, the pair is kept here as evidence that the holder purged. Before it such a confirmation answered no row of
/// lifecycle_orders_issued and was quarantined. One row per order and holder; the order repeats per holder (a few hundred
/// bytes) so that a row is the whole evidence.
/// </summary>
internal static class Migration0012
{
    public const string Sql = """
        -- order_statement: the serialized SignedStatement of the hub's LifecycleOrder; confirmation: the holder's signed
        -- LifecycleConfirmation of exactly it; outcome: its LifecycleOutcome number; outbox_local_id: the message's row.
        CREATE TABLE hub_order_confirmations (
            order_id BLOB NOT NULL CHECK (length(order_id) = 16),
            holder TEXT NOT NULL,
            outbox_local_id INTEGER NOT NULL REFERENCES outbox (local_id),
            message_id BLOB NOT NULL CHECK (length(message_id) = 16),
            action TEXT NOT NULL,
            order_statement BLOB NOT NULL,
            outcome INTEGER NOT NULL CHECK (outcome IN (1, 2, 3)),
            confirmation BLOB NOT NULL,
            confirmed_at_ms INTEGER NOT NULL,
            PRIMARY KEY (order_id, holder)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX hub_order_confirmations_by_message ON hub_order_confirmations (message_id);
        """;
}
