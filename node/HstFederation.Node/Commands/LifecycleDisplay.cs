using HstFederation.Node.Ledger;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>
/// What `show` says of a copy's lifecycle (docs/lifecycle.md): its version and lineage, whether a newer version
/// superseded it, the handling in force (restrictions applied), its retention date, and for a purged copy its tombstone.
/// The reason and notes are the source's words: shown through <see cref="Display.Safe"/>.
/// </summary>
internal static class LifecycleDisplay
{
    public static IEnumerable<string> Lines(CopyLifecycle copy, Handling? signed, Tombstone? tombstone)
    {
        yield return copy.SupersedesMessageId is { } older
            ? $"  version {copy.Version}, supersedes {MessageIds.Format(older)}: \"{Display.Safe(copy.LineageReason)}\""
            : $"  version {copy.Version}";
        if (copy.SupersededBy is { } newer)
        {
            yield return $"  SUPERSEDED by {MessageIds.Format(newer)}: not the current version of the case";
        }

        if (copy.PurgedAtMs is { } purgedAt)
        {
            // A cancel or a discard leaves no tombstone: say so only when one is kept.
            yield return $"  PURGED {Display.Time(purgedAt)} ({copy.PurgeCause}{OrderText(tombstone)}): the content is gone from this node" +
                (tombstone is null ? string.Empty : "; a tombstone remains");
            yield break;
        }

        if (Handling(copy, signed) is { } inForce)
        {
            yield return $"  handling in force: {Display.Handling(inForce.Code)}" +
                (inForce.Addressees?.ExcludedMembers.Count > 0 ? $", excluded {string.Join(",", inForce.Addressees.ExcludedMembers)}" : string.Empty) +
                (copy.EffectiveHandling is null ? string.Empty : $" (restricted by its source; sent as {Display.Handling(signed?.Code)})");
        }

        if ((copy.RetainUntilMs ?? StoredHeaders.RetainUntilMs(signed)) is { } until)
        {
            yield return $"  retained until {Display.Time(until)}";
        }
    }

    public static object Json(CopyLifecycle copy, Handling? signed, Tombstone? tombstone)
    {
        var inForce = copy.PurgedAtMs is not null ? null : Handling(copy, signed);
        var until = copy.RetainUntilMs ?? StoredHeaders.RetainUntilMs(signed);
        return new
        {
            copy.Version,
            Supersedes = copy.SupersedesMessageId is { } older ? MessageIds.Format(older) : null,
            copy.LineageReason,
            SupersededBy = copy.SupersededBy is { } newer ? MessageIds.Format(newer) : null,
            Handling = inForce?.Code.ToString(),
            ExcludedMembers = inForce?.Addressees?.ExcludedMembers.ToList(),
            Restricted = copy.EffectiveHandling is not null,
            RetainUntil = until is { } ms ? StoredTime.Of(ms) : null,
            Purged = copy.PurgedAtMs is { } purgedAt
                ? new { At = StoredTime.Of(purgedAt), Cause = copy.PurgeCause, OrderId = OrderId(tombstone) }
                : null,
        };
    }

    /// <summary>The issued orders of a message this node sent: action, where it stands at the hub, and its holders' confirmations.</summary>
    public static IEnumerable<string> Orders(IReadOnlyList<SentOrder> orders)
    {
        foreach (var order in orders)
        {
            var confirmed = order.Holders.Count(h => h.Outcome is not null);
            yield return $"  {order.Action} order {LedgerJson.Id(order.OrderId)} ({Display.Time(order.CreatedAtMs)}): " + order.State switch
            {
                IssuedOrderState.Accepted => $"accepted by the hub; {confirmed} of {order.Holders.Count} holder(s) confirmed" +
                    (order.Holders.Count == 0 ? string.Empty : $" ({Holders(order.Holders)})"),
                IssuedOrderState.Refused when order.RefusalReason == PendingRecalls.Reason =>
                    "DROPPED, never sent: the hub refused the message, so it never left this node",
                IssuedOrderState.Refused when order.RefusalReason == PendingRecalls.ExpiredReason =>
                    "DROPPED, never sent: the message expired here (retention date) before the hub answered it",
                IssuedOrderState.Refused => $"REFUSED by the hub: {order.RefusalReason}",
                _ when order.Pending => "PENDING: sent once the hub accepts the message (sealed for it, not answered yet); dropped if it refuses it",
                _ => "queued for the hub",
            };
        }
    }

    /// <summary>The hub's own orders about a message this node sent (the expiry), with the holders' confirmations relayed with them.</summary>
    public static IEnumerable<string> HubOrders(IReadOnlyList<HubOrder> orders) => orders.Select(order =>
        $"  {order.Action} order {LedgerJson.Id(order.OrderId)} (issued {LedgerOrderText.ByTheHub(order.Order)}): " +
        $"{order.Holders.Count} holder(s): " + Holders(order.Holders));

    /// <summary>"DE confirmed purged, IT outstanding".</summary>
    private static string Holders(IEnumerable<OrderHolder> holders) =>
        string.Join(", ", holders.Select(h => $"{Display.Party(h.Holder)} {Confirmation(h.Outcome)}"));

    /// <summary>A holder's confirmation in the words of 'ledger' ("confirmed purged"), so both commands read the same.</summary>
    private static string Confirmation(LifecycleOutcome? outcome) =>
        outcome is { } known ? "confirmed " + LedgerOrderText.Outcome(known) : "outstanding";

    public static object HubOrdersJson(IReadOnlyList<HubOrder> orders) => orders.Select(o => new
    {
        OrderId = LedgerJson.Id(o.OrderId), o.Action, Issuer = o.Order?.Issuer, IssuedAt = At(o.Order?.IssuedAtMs),
        Holders = o.Holders.Select(h => new { Holder = Display.Party(h.Holder), Outcome = h.Outcome?.ToString(), ConfirmedAt = At(h.ConfirmedAtMs) }),
    });

    public static object OrdersJson(IReadOnlyList<SentOrder> orders) => orders.Select(o => new
    {
        OrderId = LedgerJson.Id(o.OrderId), o.Action, State = o.Pending ? "pending" : o.State.ToString().ToLowerInvariant(), o.RefusalReason,
        Holders = o.Holders.Select(h => new { Holder = Display.Party(h.Holder), Outcome = h.Outcome?.ToString(), ConfirmedAt = At(h.ConfirmedAtMs) }),
    });

    public static IEnumerable<string> Reviews(IReadOnlyList<LedgerReview> reviews) => reviews.Select(r =>
        $"  retention review (hub, {Display.Time(r.RequestedAtMs)}): retained until {Display.Time(r.RetainUntilMs)}, {r.Holders} holder(s); " +
        (r.Decision is null ? "PENDING: answer with 'hst-node extend' or 'hst-node lapse'" : $"{r.Decision} {Display.Time(r.DecidedAtMs ?? 0)}"));

    public static object ReviewsJson(IReadOnlyList<LedgerReview> reviews) => reviews.Select(r => new
    {
        RetainUntil = StoredTime.Of(r.RetainUntilMs), RequestedAt = StoredTime.Of(r.RequestedAtMs),
        r.Holders, r.Decision, DecidedAt = At(r.DecidedAtMs),
    });

    /// <summary>The hub's expiry reports of a message this node sent: who never acknowledged it before it expired.</summary>
    public static IEnumerable<string> ExpiryReports(IReadOnlyList<ExpiredUndelivered> reports) => reports.Select(r =>
        $"  EXPIRED UNDELIVERED (hub report): expired {Display.Time(r.ExpiredAtMs)} at its retention date {Display.Time(r.RetainUntilMs)}, " +
        $"expiry order {LedgerJson.Id(r.ExpiryOrderId)}; never acknowledged by {string.Join(", ", r.Recipients.Select(Undelivered))}");

    /// <summary>One recipient of an expiry report: "DE (never delivered, queued since …)" or "(streamed …, never acknowledged)".</summary>
    public static string Undelivered(UndeliveredRecipient recipient) =>
        $"{Display.Party(recipient.Recipient)} (" + (recipient.ForwardedCopy ? "forwarded copy, " : string.Empty) +
        (recipient.FirstStreamedAtMs is { } streamed ? $"streamed {Display.Time(streamed)} but never acknowledged" : "never delivered") +
        $", queued since {Display.Time(recipient.QueuedAtMs)})";

    public static object ExpiryReportsJson(IReadOnlyList<ExpiredUndelivered> reports) => reports.Select(r => new
    {
        MessageId = LedgerJson.Id(r.MessageId), ExpiryOrderId = LedgerJson.Id(r.ExpiryOrderId),
        RetainUntil = StoredTime.Of(r.RetainUntilMs), ExpiredAt = StoredTime.Of(r.ExpiredAtMs),
        Undelivered = r.Recipients.Select(u => new
        {
            Recipient = Display.Party(u.Recipient), u.ForwardedCopy, QueuedSince = StoredTime.Of(u.QueuedAtMs),
            Streamed = u.FirstStreamedAtMs is not null, FirstStreamedAt = At(u.FirstStreamedAtMs),
        }),
    });

    private static Handling? Handling(CopyLifecycle copy, Handling? signed) => copy.EffectiveHandling ?? signed;

    private static DateTimeOffset? At(long? ms) => ms is { } value ? StoredTime.Of(value) : null;

    private static string OrderText(Tombstone? tombstone) => OrderId(tombstone) is { } id ? $", order {id}" : tombstone is null ? string.Empty : ", by this node's retention sweep";

    private static string? OrderId(Tombstone? tombstone) =>
        tombstone?.OrderStatement is { } statement
            ? LedgerJson.Id(LifecycleOrder.Parser.ParseFrom(SignedStatement.Parser.ParseFrom(statement).Statement).OrderId.Span)
            : null;
}
