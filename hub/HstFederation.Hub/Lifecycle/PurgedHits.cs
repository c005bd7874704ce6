using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Lifecycle;

/// <summary>
/// A purge's reach into the hits the message took part in (docs/intelligence.md §3). Each hit's notifications — the
/// hub's own messages, encrypted to the hub too, kept by no retention — carry the purged message's identifiers as their
/// recipient's <c>your_value</c>, its paths, and factors such as a nationality both sides hold; the hit's explanation
/// the same factors. So both notifications of every such hit, to either source, are emptied as the message's own
/// envelope is, and their deliveries withdrawn, acknowledged or not (nobody is told of a hit on a message that no
/// longer exists, and a stream resumed from an older cursor sends acknowledged deliveries again); the explanation is
/// blanked. What the ledger shows stays: the hit row (id, both messages, basis, kind, score, detection time), who was
/// notified (<c>hit_notifications</c>) and each notification's message row and audit entry. Each member whose
/// notification is withdrawn here is told so (<see cref="HubWithdrawals"/>: cause recalled or expired, because of this message).
/// </summary>
internal static class PurgedHits
{
    private const string Notifications =
        """
        SELECT n.notification FROM hits h JOIN hit_notifications n ON n.hit_id = h.hit_id
        WHERE h.new_message = $hub OR h.held_message = $hub
        """;

    /// <summary>In the purge's writer transaction, whose <c>secure_delete</c> and WAL checkpoint also clear these bytes.</summary>
    public static void Purge(WriteContext context, long hubSequence)
    {
        var connection = context.Connection;
        var state = connection.Scalar("SELECT state FROM message_lifecycle WHERE hub_sequence = $hub;", ("$hub", hubSequence)) as long?;
        HubWithdrawals.Record(
            context, $"d.hub_sequence IN ({Notifications})", hubSequence, HubWithdrawals.CauseOf((MessageState?)state), nameBecauseOf: true,
            ("$hub", hubSequence));
        connection.Execute(
            $"UPDATE deliveries SET withdrawn_at_ms = $now WHERE kind = 1 AND withdrawn_at_ms IS NULL AND hub_sequence IN ({Notifications});",
            ("$now", context.NowMs),
            ("$hub", hubSequence));
        connection.Execute($"UPDATE messages SET envelope = X'' WHERE hub_sequence IN ({Notifications});", ("$hub", hubSequence));
        connection.Execute(
            "UPDATE hits SET explanation = '' WHERE (new_message = $hub OR held_message = $hub) AND explanation <> '';",
            ("$hub", hubSequence));
    }
}
