using HstFederation.Hub.Intelligence;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Lifecycle;

/// <summary>
/// A restriction's effect on hit notifications still queued (docs/intelligence.md §3): a member the restriction now
/// excludes must not be tipped off that the message exists, so a notification of a hit on it queued to that member and
/// not yet acknowledged is withdrawn — the stream never sends it (again). One already acknowledged cannot be unsaid;
/// the notification to the message's own source, about its own message, stays.
/// </summary>
internal static class RestrictedNotifications
{
    public static void Withdraw(WriteContext context, long hubSequence, PartyId source, Handling effective) =>
        QueuedWithdrawals.Withdraw(
            context,
            """
            SELECT d.cursor, d.recipient, 0 FROM hits h
            JOIN hit_notifications n ON n.hit_id = h.hit_id
            JOIN deliveries d ON d.hub_sequence = n.notification AND d.recipient = n.recipient AND d.kind = 1
            WHERE (h.new_message = $hub OR h.held_message = $hub)
              AND d.acked_at_ms IS NULL AND d.withdrawn_at_ms IS NULL;
            """,
            hubSequence,
            (recipient, _) => recipient != source && HitExclusions.Excludes(effective, recipient));
}
