using System.Globalization;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>The LIFECYCLE section of `hst-hub ledger`: versions, state, effective handling, each order with its holders, withdrawn deliveries.</summary>
internal static class LedgerLifecycleText
{
    public static void Write(LedgerLifecycle? lifecycle, TextWriter output)
    {
        if (lifecycle is null)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine($"LIFECYCLE version {lifecycle.Version}, {State(lifecycle)}{Purged(lifecycle.PurgedAtMs)}");
        if (lifecycle.Supersedes is { } older)
        {
            var reason = lifecycle.LineageReason is { } text ? "; reason: " + text : string.Empty;
            output.WriteLine($"Supersedes {Version(older)}{reason}");
        }

        if (lifecycle.SupersededBy is { } newer)
        {
            output.WriteLine($"Superseded by {Version(newer)}");
        }

        if (lifecycle.EffectiveHandling is { } handling)
        {
            output.WriteLine($"Effective handling {LedgerJson.Code(handling)} (restricted); excluded: {Members(handling.Addressees?.ExcludedMembers ?? [])}");
        }

        foreach (var order in lifecycle.Orders)
        {
            output.WriteLine();
            output.WriteLine($"{Time(order.AcceptedAtMs)}  {order.Action} by {order.Issuer}, order {MessageIds.Format(order.OrderId)}{Terms(order.Terms)}");
            if (order.Holders.Count == 0)
            {
                output.WriteLine("  relayed to nobody");
                continue;
            }

            var holders = new TextTable("  HOLDER", "COPY", "EXPECTED", "STATE");
            foreach (var holder in order.Holders)
            {
                holders.Add("  " + holder.Holder, holder.ForwardedCopy ? "forwarded" : "addressee", Outcome(holder.Expected), HolderState(holder));
            }

            holders.WriteTo(output);
        }

        if (lifecycle.Withdrawn.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("WITHDRAWN DELIVERIES");
            foreach (var withdrawn in lifecycle.Withdrawn)
            {
                var acked = withdrawn.AcknowledgedAtMs is { } at ? "acknowledged " + Time(at) + " before" : "not acknowledged";
                output.WriteLine($"{withdrawn.Recipient}  cursor {Number(withdrawn.Cursor)}  withdrawn {Time(withdrawn.WithdrawnAtMs)} ({acked})");
            }
        }
    }

    public static string State(MessageState state) => state.ToString().ToLowerInvariant();

    /// <summary>
    /// The stored state, except that an active version a newer one replaced reads "superseded": the store keeps it active
    /// (superseding is not a lifecycle state), but it is no longer matched or used in products, so "active" would mislead.
    /// </summary>
    public static string State(LedgerLifecycle lifecycle) =>
        lifecycle is { State: MessageState.Active, SupersededBy: not null } ? "superseded" : State(lifecycle.State);

    public static string Outcome(LifecycleOutcome outcome) => outcome switch
    {
        LifecycleOutcome.Purged => "purged",
        LifecycleOutcome.NotHeld => "not-held",
        LifecycleOutcome.Applied => "applied",
        _ => "-",
    };

    /// <summary>queued (not yet streamed), delivered (awaiting its confirmation) or confirmed with the holder's outcome.</summary>
    public static string HolderStateName(LedgerOrderHolder holder) =>
        holder.Outcome is not null ? "confirmed" : holder.DeliveredAtMs is not null ? "delivered" : "queued";

    private static string HolderState(LedgerOrderHolder holder) => holder switch
    {
        { Outcome: { } outcome, ConfirmedAtMs: { } at } => $"confirmed {Outcome(outcome)} {Time(at)}",
        { DeliveredAtMs: { } at } => $"delivered {Time(at)}, awaiting confirmation",
        _ => "queued",
    };

    private static string Terms(LedgerOrderTerms terms)
    {
        var parts = new List<string>();
        if (terms.Reason is { } reason)
        {
            // The terms keep the enum's name (the --json value); the text names it as 'hst-node recall --reason' takes it.
            parts.Add("reason " + (Enum.TryParse<RecallReason>(reason, out var known) ? RecallReasons.Words(known) : reason));
        }

        if (terms.Code is { } code)
        {
            parts.Add("code " + code);
        }

        if (terms.Excluded.Count > 0)
        {
            parts.Add("excluded " + Members(terms.Excluded));
        }

        if (terms.RetainUntilMs is { } until)
        {
            parts.Add("retain until " + Time(until));
        }

        if (!string.IsNullOrEmpty(terms.Justification))
        {
            parts.Add("justification: " + terms.Justification);
        }

        if (!string.IsNullOrEmpty(terms.Note))
        {
            parts.Add("note: " + terms.Note);
        }

        return parts.Count == 0 ? string.Empty : "; " + string.Join("; ", parts);
    }

    private static string Version(LedgerVersion version) =>
        $"{MessageIds.Format(version.MessageId)} (version {version.Version}, hub sequence {Number(version.HubSequence)})";

    private static string Members(IEnumerable<string> codes) => codes.Any() ? string.Join(", ", codes) : "none";

    private static string Purged(long? purgedAtMs) => purgedAtMs is { } at ? "; the hub's copies purged " + Time(at) : string.Empty;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(long ms) => CommandContext.Format(CommandContext.FromUnixMs(ms));
}
