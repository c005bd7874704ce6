using HstFederation.Node.Ledger;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>
/// The ledger's words for lifecycle facts: an order's terms (its notes and justifications are the source's, signed and
/// visible to the hub, never case content), outcomes, and a copy's lifecycle line.
/// </summary>
internal static class LedgerOrderText
{
    public static string Terms(string action, LifecycleOrder? order) => order?.ActionCase switch
    {
        LifecycleOrder.ActionOneofCase.Recall => $"recall ({RecallReasons.Words(order.Recall.Reason)})" + Note(order.Recall.Note),
        LifecycleOrder.ActionOneofCase.Restriction =>
            "restriction" + (order.Restriction.Code == HandlingCode.Unspecified ? string.Empty : " to " + Display.Handling(order.Restriction.Code)) +
            (order.Restriction.ExcludeMembers.Count > 0 ? ", excluding " + string.Join(",", order.Restriction.ExcludeMembers) : string.Empty) +
            Note(order.Restriction.Note),
        LifecycleOrder.ActionOneofCase.Extension => $"extension to {Display.Time(order.Extension.RetainUntilMs)}" + Note(order.Extension.Justification),
        LifecycleOrder.ActionOneofCase.Lapse => "lapse" + Note(order.Lapse.Note),
        LifecycleOrder.ActionOneofCase.Expiry => $"expiry of {Display.Time(order.Expiry.RetainUntilMs)}",
        _ => action + " (the stored order does not parse)",
    };

    public static string Outcome(LifecycleOutcome outcome) => outcome switch
    {
        LifecycleOutcome.Purged => "purged",
        LifecycleOutcome.NotHeld => "not-held",
        LifecycleOutcome.Applied => "applied",
        _ => "unspecified",
    };

    /// <summary>"2026-12-01 10:00:00Z by the hub (urn:hst:hub:IPSG)": when and by whom the hub signed an order of its own.</summary>
    public static string ByTheHub(LifecycleOrder? order) =>
        order is null ? "by the hub" : $"{Display.Time(order.IssuedAtMs)} by the hub ({Display.Safe(order.Issuer)})";

    /// <summary>queued, pending (queued, its message not accepted by the hub yet), accepted or refused.</summary>
    public static string State(SentOrder order) => order.Pending ? "pending" : order.State.ToString().ToLowerInvariant();

    /// <summary>"version 2 of 0193…: reason; superseded by 0194…; effective H3; retain until …; PURGED … (recalled)".</summary>
    public static string Lifecycle(CopyLifecycle copy)
    {
        List<string> parts = [$"version {copy.Version}"];
        if (copy.SupersedesMessageId is { } older)
        {
            parts[0] += $" superseding {LedgerJson.Id(older)}" + Note(copy.LineageReason);
        }

        if (copy.SupersededBy is { } newer)
        {
            parts.Add($"superseded by {LedgerJson.Id(newer)}");
        }

        if (copy.EffectiveHandling is { } handling)
        {
            parts.Add($"effective handling {Display.Handling(handling.Code)}" +
                (handling.Addressees?.ExcludedMembers.Count > 0 ? ", excluded " + string.Join(",", handling.Addressees.ExcludedMembers) : string.Empty));
        }

        parts.Add(copy.RetainUntilMs is { } until ? $"retained until {Display.Time(until)}" : "retention date not known yet");
        if (copy.PurgedAtMs is { } purged)
        {
            parts.Add($"PURGED {Display.Time(purged)} ({copy.PurgeCause}): no content is held");
        }

        return string.Join("; ", parts);
    }

    private static string Note(string? note) => string.IsNullOrEmpty(note) ? string.Empty : ": " + note;
}
