using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>Hits and the notifications sent for them, inside the intelligence worker's transaction.</summary>
internal static class HitTransaction
{
    /// <summary>Stores the hit (one per pair of messages: the UNIQUE constraint refuses a second) and audits it without content.</summary>
    public static void Insert(WriteContext context, NewHit hit, byte[] newMessageId)
    {
        context.Connection.Execute(
            """
            INSERT INTO hits (hit_id, new_message, held_message, basis, kind, score, explanation, detected_at_ms)
            VALUES ($hit, $new, $held, $basis, $kind, $score, $explanation, $detected);
            """,
            ("$hit", hit.HitId),
            ("$new", hit.NewMessage),
            ("$held", hit.HeldMessage),
            ("$basis", (int)hit.Basis),
            ("$kind", (int)hit.Kind),
            ("$score", hit.Score),
            ("$explanation", hit.Explanation),
            ("$detected", hit.DetectedAtMs));
        HubAudit.Append(context.Connection, context.NowMs, PartyId.Hub.Uri, AuditActions.Hit, newMessageId,
            $"hit={Convert.ToHexStringLower(hit.HitId)} new_hub_sequence={hit.NewMessage} held_hub_sequence={hit.HeldMessage} basis={hit.Basis} kind={hit.Kind} score={hit.Score:0.00}");
    }

    /// <summary>Records that <paramref name="recipient"/> was sent the hit's notification, the hub's message at <paramref name="notification"/>.</summary>
    public static void Notified(WriteContext context, byte[] hitId, PartyId recipient, long notification) =>
        context.Connection.Execute(
            "INSERT INTO hit_notifications (hit_id, recipient, notification) VALUES ($hit, $recipient, $notification);",
            ("$hit", hitId),
            ("$recipient", recipient.Uri),
            ("$notification", notification));
}
