using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Lifecycle;

/// <summary>
/// A purge's reach into the analytical products built from the message (docs/intelligence.md, Products after a recall or
/// expiry). A product is the hub's own message, encrypted to its recipient and to the hub, kept by no retention, and it
/// carries the names, links and routes of its sources; so every product whose <c>product_sources</c> name the message is
/// purged at the hub as its hit notifications are (<see cref="PurgedHits"/>): the hub's envelope of it emptied and its
/// delivery withdrawn, acknowledged or not (a stream resumed from an older cursor sends acknowledged deliveries again).
/// The products row stays for the ledger, marked purged with when, the source's state (recalled, expired) and which
/// source; the hub's envelope's message row and its audit entries stay too. A restriction purges one product at a time,
/// those of the recipients it no longer lets read the message (<see cref="RestrictedProducts"/>, <see cref="PurgeRestricted"/>).
/// The recipient is told of each withdrawal in the same transaction (<see cref="HubWithdrawals"/>), so its node purges a
/// copy it already stored and counts one it never received as withdrawn (docs/intelligence.md, Withdrawals).
/// </summary>
internal static class PurgedProducts
{
    /// <summary>
    /// In the purge's writer transaction, after the message's state was set (recalled or expired): its
    /// <c>secure_delete</c> and WAL checkpoint also clear these bytes. Returns how many products it purged.
    /// </summary>
    public static int Purge(WriteContext context, long hubSequence)
    {
        var products = context.Connection.Query(
            """
            SELECT p.product_id FROM product_sources s JOIN products p ON p.product_id = s.product_id
            WHERE s.hub_sequence = $hub AND p.purged_at_ms IS NULL ORDER BY p.product_id;
            """,
            reader =>
            {
                var ids = new List<byte[]>();
                while (reader.Read())
                {
                    ids.Add((byte[])reader[0]);
                }

                return ids;
            },
            ("$hub", hubSequence));
        foreach (var productId in products)
        {
            PurgeOne(context, productId, hubSequence);
        }

        return products.Count;
    }

    /// <summary>
    /// Purges one product because of its source <paramref name="sourceHubSequence"/>, recalled or expired; also what the
    /// backfill does for a product whose source was withdrawn before its sources were recorded. Idempotent.
    /// </summary>
    public static void PurgeOne(WriteContext context, byte[] productId, long sourceHubSequence)
    {
        // The order's transaction set it just before (an active source purges nothing: the CHECK on purge_cause holds it).
        var cause = context.Connection.Scalar("SELECT state FROM message_lifecycle WHERE hub_sequence = $hub;", ("$hub", sourceHubSequence)) as long?
            ?? throw new InvalidOperationException($"The source at hub sequence {sourceHubSequence} has no lifecycle row: nothing withdrew it.");
        Purge(context, productId, sourceHubSequence, (MessageState)cause);
    }

    /// <summary>
    /// Purges one product because a restriction of its source <paramref name="sourceHubSequence"/>, still active, no
    /// longer lets the product's recipient read that source (<see cref="RestrictedProducts"/>). Its <c>purge_cause</c>
    /// stays NULL: migration 10's CHECK admits only a withdrawn source's state, and NULL beside <c>purged_at_ms</c> is
    /// what marks a restriction (no migration needed). Idempotent.
    /// </summary>
    public static void PurgeRestricted(WriteContext context, byte[] productId, long sourceHubSequence) =>
        Purge(context, productId, sourceHubSequence, cause: null);

    /// <param name="cause">The source's state (recalled, expired), or null for a restriction.</param>
    private static void Purge(WriteContext context, byte[] productId, long sourceHubSequence, MessageState? cause)
    {
        var connection = context.Connection;
        var envelope = connection.Query(
            """
            SELECT m.hub_sequence, m.message_id FROM products p JOIN messages m ON m.sender = $hubParty AND m.message_id = p.message_id
            WHERE p.product_id = $id AND p.purged_at_ms IS NULL;
            """,
            reader => reader.Read() ? (reader.GetInt64(0), (byte[])reader[1]) : default((long HubSequence, byte[] MessageId)?),
            ("$hubParty", PartyId.Hub.Uri),
            ("$id", productId));
        if (envelope is not { } carried)
        {
            return;
        }

        // The recipient held the source when the product was built (ProductSource.Readable), so naming it tells nothing new.
        HubWithdrawals.Record(
            context, "d.hub_sequence = $envelope", sourceHubSequence, HubWithdrawals.CauseOf(cause), nameBecauseOf: true,
            ("$envelope", carried.HubSequence));
        connection.Execute(
            "UPDATE deliveries SET withdrawn_at_ms = $now WHERE hub_sequence = $envelope AND kind = 1 AND withdrawn_at_ms IS NULL;",
            ("$now", context.NowMs),
            ("$envelope", carried.HubSequence));
        connection.Execute("UPDATE messages SET envelope = X'' WHERE hub_sequence = $envelope;", ("$envelope", carried.HubSequence));
        connection.Execute(
            "UPDATE products SET purged_at_ms = $now, purge_cause = $cause, purged_by = $source WHERE product_id = $id;",
            ("$now", context.NowMs),
            ("$cause", (long?)cause),
            ("$source", sourceHubSequence),
            ("$id", productId));
        HubAudit.Append(connection, context.NowMs, PartyId.Hub.Uri, AuditActions.ProductPurge, carried.MessageId,
            $"product={Convert.ToHexStringLower(productId)} cause={Cause(cause)} source_sequence={sourceHubSequence}");
        context.Purged();
    }

    /// <summary>
    /// "recalled", "expired" or, for a NULL <c>purge_cause</c> (<see cref="PurgeRestricted"/>), "restricted": as the audit
    /// log and `hst-hub products list` spell a purge's cause.
    /// </summary>
    public static string Cause(MessageState? state) => state is { } withdrawn ? withdrawn.ToString().ToLowerInvariant() : "restricted";
}
