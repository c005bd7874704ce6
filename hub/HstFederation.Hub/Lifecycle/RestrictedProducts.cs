using HstFederation.Hub.Products;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Lifecycle;

/// <summary>
/// A restriction's effect on the analytical products already built from the message (docs/intelligence.md, Products
/// after a recall or expiry): a product carries its sources' names, links and routes, so once the restriction no longer
/// lets the product's recipient read the message — by the rule a run applies to choose its sources
/// (<see cref="ProductSource.Readable"/>: the source, and each holder <see cref="LifecycleRules.MayKeep"/> lets keep its
/// copy) — that product is purged as a recall purges it (<see cref="PurgedProducts"/>): the hub's envelope of it emptied
/// and its delivery withdrawn, acknowledged or not, as <see cref="RestrictedForwards"/> treats a forwarded envelope (the
/// hub keeps no copy for a recipient who may not read it, and a stream resumed from an older cursor must not send an
/// emptied one). The products of recipients still allowed are untouched.
/// </summary>
internal static class RestrictedProducts
{
    /// <summary>In the restriction's writer transaction, after the handling in force was set. Returns how many it purged.</summary>
    public static int Purge(WriteContext context, long hubSequence, PartyId source, Handling effective, HandlingPolicy policy)
    {
        var connection = context.Connection;
        var products = connection.Query(
            """
            SELECT p.product_id, p.recipient FROM product_sources s JOIN products p ON p.product_id = s.product_id
            WHERE s.hub_sequence = $hub AND p.purged_at_ms IS NULL ORDER BY p.product_id;
            """,
            reader =>
            {
                var rows = new List<(byte[] ProductId, string Recipient)>();
                while (reader.Read())
                {
                    rows.Add(((byte[])reader[0], reader.GetString(1)));
                }

                return rows;
            },
            ("$hub", hubSequence));
        if (products.Count == 0)
        {
            return 0;
        }

        var readers = ProductSource.Readable(source, LifecycleHolder.Of(connection, hubSequence), effective, policy);
        var purged = 0;
        foreach (var (productId, recipient) in products)
        {
            if (!readers.Contains(recipient))
            {
                PurgedProducts.PurgeRestricted(context, productId, hubSequence);
                purged++;
            }
        }

        return purged;
    }

    /// <summary>
    /// One product whose <paramref name="sources"/> the backfill just recorded (a product stored before migration 10): a
    /// restriction that committed before then found no rows to purge it by, so it is judged here, in the same transaction,
    /// against each source's handling in force. A source never ordered has no lifecycle row, and nothing restricted it.
    /// Returns whether it was purged.
    /// </summary>
    public static bool PurgeIfUnreadable(WriteContext context, byte[] productId, IEnumerable<long> sources, HandlingPolicy policy)
    {
        var connection = context.Connection;
        if (connection.Scalar("SELECT recipient FROM products WHERE product_id = $id AND purged_at_ms IS NULL;", ("$id", productId)) is not string recipient)
        {
            return false;
        }

        foreach (var hubSequence in sources)
        {
            if (LifecycleStates.Find(connection, hubSequence) is { } state
                && !ProductSource.Readable(state.Sender, LifecycleHolder.Of(connection, hubSequence), state.Handling, policy).Contains(recipient))
            {
                PurgedProducts.PurgeRestricted(context, productId, hubSequence);
                return true;
            }
        }

        return false;
    }
}
