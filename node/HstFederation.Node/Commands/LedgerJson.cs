using HstFederation.Node.Intelligence;
using HstFederation.Node.Ledger;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Storage.Audit;

namespace HstFederation.Node.Commands;

/// <summary>`hst-node ledger --json`: the shape docs/node.md#ledger-and-lifecycle-status documents.</summary>
internal static class LedgerJson
{
    public static object Shape(NodeLedger ledger) => new
    {
        MessageId = MessageIds.Format(ledger.MessageId),
        Sent = ledger.Sent is { } sent
            ? new
            {
                sent.LocalId, sent.Sequence, sent.Actor, QueuedAt = At(sent.CreatedAtMs), State = sent.State.ToString().ToLowerInvariant(),
                StateAt = At(sent.StateAtMs), sent.HubSequence, sent.RejectReason, Header = Header(sent.Header), Lifecycle = Lifecycle(sent.Lifecycle),
                Holders = sent.Holders.Select(h => new
                {
                    Party = Display.Party(h.Party), Role = h.Forwarded ? "forwarded" : "addressee",
                    DeliveredAt = h.DeliveredAtMs is { } at ? At(at) : (DateTimeOffset?)null,
                }),
                Releases = sent.Releases.Select(r => new
                {
                    HitId = IntelligenceIds.Format(r.HitId), OtherSender = Display.Party(r.OtherSender), Release = IntelligenceDisplay.ReleaseJson(r.Release),
                }),
                Orders = sent.Orders.Select(o => new
                {
                    OrderId = Id(o.OrderId), o.Action, Terms = LedgerOrderText.Terms(o.Action, o.Order), o.Actor, IssuedAt = At(o.CreatedAtMs),
                    State = LedgerOrderText.State(o), StateAt = At(o.StateAtMs), o.RefusalReason,
                    Holders = Holders(o.Holders),
                }),
                HubOrders = sent.HubOrders.Select(o => new
                {
                    OrderId = Id(o.OrderId), o.Action, Terms = LedgerOrderText.Terms(o.Action, o.Order), Issuer = o.Order?.Issuer,
                    IssuedAt = o.Order is { } order ? At(order.IssuedAtMs) : (DateTimeOffset?)null, Holders = Holders(o.Holders),
                }),
                Reviews = sent.Reviews.Select(r => new
                {
                    RetainUntil = At(r.RetainUntilMs), RequestedAt = At(r.RequestedAtMs), r.Holders, r.Decision,
                    DecidedAt = r.DecidedAtMs is { } at ? At(at) : (DateTimeOffset?)null,
                }),
            }
            : null,
        Received = ledger.Received.Select(r => new
        {
            r.LocalId, Sender = Display.Party(r.Sender), r.Sequence, ReceivedAt = At(r.ReceivedAtMs), r.ContentType, Header = Header(r.Header),
            Lifecycle = Lifecycle(r.Lifecycle),
            Forwards = r.Forwards.Select(f => f.Json()),
        }),
        OrdersReceived = ledger.OrdersReceived.Select(o => new
        {
            OrderId = Id(o.OrderId), Source = Display.Party(o.Source), o.Action, Terms = LedgerOrderText.Terms(o.Action, o.Order),
            AppliedAt = At(o.AppliedAtMs), Outcome = LedgerOrderText.Outcome(o.Outcome),
        }),
        Tombstones = ledger.Tombstones.Select(t => new
        {
            Sender = Display.Party(t.Sender), t.Cause, OrderId = t.OrderId is { } order ? Id(order) : null,
            Outcome = LedgerOrderText.Outcome(t.Outcome), PurgedAt = At(t.PurgedAtMs), Box = t.Box?.ToStorage(), t.LocalId,
        }),
        Reads = ledger.Reads.Select(Entry),
        Audit = ledger.Audit.Select(Entry),
    };

    /// <summary>A message id as text, or its hex when it is not a valid id (a lineage is only shape-checked).</summary>
    public static string Id(ReadOnlySpan<byte> id) => MessageIds.IsValid(id) ? MessageIds.Format(id) : Convert.ToHexStringLower(id);

    private static object? Header(LedgerHeader? header) => header is null ? null : new
    {
        Handling = Display.Handling(header.Code), header.HubMayRead, header.ExcludedMembers,
        RetainUntil = header.RetainUntilMs is { } until ? At(until) : (DateTimeOffset?)null,
        Lineage = header.Lineage is { } lineage
            ? new { lineage.Version, Supersedes = Id(lineage.SupersedesMessageId.Span), SupersedesHeaderSha256 = Convert.ToHexStringLower(lineage.SupersedesHeaderSha256.Span), lineage.Reason }
            : null,
    };

    private static object Lifecycle(CopyLifecycle copy) => new
    {
        copy.Version, Supersedes = copy.SupersedesMessageId is { } older ? Id(older) : null, copy.LineageReason,
        SupersededBy = copy.SupersededBy is { } newer ? Id(newer) : null,
        EffectiveHandling = copy.EffectiveHandling is { } handling
            ? new { Code = Display.Handling(handling.Code), ExcludedMembers = handling.Addressees?.ExcludedMembers.ToList() ?? [] }
            : null,
        RetainUntil = copy.RetainUntilMs is { } until ? At(until) : (DateTimeOffset?)null,
        PurgedAt = copy.PurgedAtMs is { } purged ? At(purged) : (DateTimeOffset?)null,
        copy.PurgeCause,
    };

    private static IEnumerable<object> Holders(IReadOnlyList<OrderHolder> holders) => holders.Select(h => new
    {
        Party = Display.Party(h.Holder), Outcome = h.Outcome is { } outcome ? LedgerOrderText.Outcome(outcome) : null,
        ConfirmedAt = h.ConfirmedAtMs is { } at ? At(at) : (DateTimeOffset?)null,
    });

    private static object Entry(AuditEntry entry) => new { entry.Seq, At = At(entry.AtMs), entry.Actor, entry.Certificate, entry.Action, entry.Detail };

    private static DateTimeOffset? At(long ms) => StoredTime.Of(ms);
}
