using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Commands;

/// <summary>The "lifecycle" object of `hst-hub ledger --json` (docs/hub.md#ledger-message-id); null when the message has none.</summary>
internal static class LedgerLifecycleJson
{
    public static object? Shape(LedgerLifecycle? lifecycle) => lifecycle is null ? null : new
    {
        lifecycle.Version,
        lifecycle.LineageReason,
        Supersedes = Version(lifecycle.Supersedes),
        SupersededBy = Version(lifecycle.SupersededBy),
        State = LedgerLifecycleText.State(lifecycle.State),
        PurgedAt = At(lifecycle.PurgedAtMs),
        EffectiveHandling = lifecycle.EffectiveHandling is { } handling
            ? new { Code = LedgerJson.Code(handling), Excluded = handling.Addressees?.ExcludedMembers.ToList() ?? [] }
            : null,
        Orders = lifecycle.Orders.Select(order => new
        {
            OrderId = MessageIds.Format(order.OrderId),
            order.Action,
            order.Issuer,
            AcceptedAt = At(order.AcceptedAtMs),
            Terms = new
            {
                order.Terms.Reason,
                order.Terms.Note,
                Code = order.Terms.Code?.ToString(),
                order.Terms.Excluded,
                RetainUntil = At(order.Terms.RetainUntilMs),
                order.Terms.Justification,
            },
            Holders = order.Holders.Select(holder => new
            {
                holder.Holder,
                holder.ForwardedCopy,
                Expected = LedgerLifecycleText.Outcome(holder.Expected),
                holder.Cursor,
                State = LedgerLifecycleText.HolderStateName(holder),
                DeliveredAt = At(holder.DeliveredAtMs),
                Outcome = holder.Outcome is { } outcome ? LedgerLifecycleText.Outcome(outcome) : null,
                ConfirmedAt = At(holder.ConfirmedAtMs),
            }),
        }),
        Withdrawn = lifecycle.Withdrawn.Select(withdrawn => new
        {
            withdrawn.Recipient,
            withdrawn.Cursor,
            WithdrawnAt = At(withdrawn.WithdrawnAtMs),
            AcknowledgedAt = At(withdrawn.AcknowledgedAtMs),
        }),
    };

    private static object? Version(LedgerVersion? version) => version is null ? null : new
    {
        version.HubSequence,
        MessageId = MessageIds.Format(version.MessageId),
        version.Version,
    };

    private static DateTimeOffset? At(long? ms) => ms is { } value ? CommandContext.FromUnixMs(value) : null;
}
