using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Commands;

/// <summary>The "retention" object of `hst-hub ledger --json` (docs/hub.md#ledger-message-id); null when the message has none.</summary>
internal static class LedgerRetentionJson
{
    public static object? Shape(LedgerRetention? retention) => retention is null ? null : new
    {
        RetainUntil = retention.RetainUntilMs is { } until ? At(until) : (DateTimeOffset?)null,
        State = LedgerRetentionText.State(retention.State),
        Reviews = retention.Reviews.Select(review => new
        {
            RetainUntil = At(review.RetainUntilMs),
            AskedAt = At(review.RequestedAtMs),
            review.Delivered,
            Decision = review.Decision is null ? null : LedgerRetentionText.Decision(review.Decision),
            DecidedAt = review.DecidedAtMs is { } at ? At(at) : (DateTimeOffset?)null,
        }),
        Orders = retention.Orders.Select(order => new
        {
            OrderId = MessageIds.Format(order.OrderId),
            order.Action,
            order.Issuer,
            AcceptedAt = At(order.AcceptedAtMs),
            RetainUntil = order.RetainUntilMs is { } at ? At(at) : (DateTimeOffset?)null,
            Justification = order.Action == "extension" ? order.Text : null,
            Note = order.Action == "lapse" ? order.Text : null,
        }),
    };

    private static DateTimeOffset At(long ms) => CommandContext.FromUnixMs(ms);
}
