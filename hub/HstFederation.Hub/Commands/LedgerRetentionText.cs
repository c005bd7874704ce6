using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Commands;

/// <summary>The RETENTION section of `hst-hub ledger`: the effective date and state, the reviews asked, the retention orders.</summary>
internal static class LedgerRetentionText
{
    public static void Write(LedgerRetention? retention, TextWriter output)
    {
        if (retention is null)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(retention.RetainUntilMs is { } until
            ? $"RETENTION until {Time(until)} ({State(retention.State)})"
            : "RETENTION (no lifecycle state yet)");
        if (retention.Reviews.Count > 0)
        {
            var reviews = new TextTable("REVIEW ASKED", "FOR DATE", "SENT", "ANSWER");
            foreach (var review in retention.Reviews)
            {
                reviews.Add(Time(review.RequestedAtMs), Time(review.RetainUntilMs), review.Delivered ? "yes" : "undeliverable", Answer(review));
            }

            reviews.WriteTo(output);
        }

        foreach (var order in retention.Orders)
        {
            var date = order.RetainUntilMs is { } at ? (order.Action == "expiry" ? " at " : " to ") + Time(at) : string.Empty;
            var text = order.Text.Length == 0 ? string.Empty : (order.Action == "extension" ? "; justification: " : "; note: ") + order.Text;
            output.WriteLine($"{Time(order.AcceptedAtMs)}  {order.Action} by {order.Issuer}{date}{text}");
        }
    }

    public static string State(MessageState? state) => state?.ToString().ToLowerInvariant() ?? "-";

    public static string Decision(RetentionDecision? decision) => decision switch
    {
        RetentionDecision.Extended => "extended",
        RetentionDecision.Lapsed => "lapse",
        _ => "none",
    };

    private static string Answer(LedgerReview review) =>
        review.DecidedAtMs is { } at ? $"{Decision(review.Decision)} {Time(at)}" : "none yet";

    private static string Time(long ms) => CommandContext.Format(CommandContext.FromUnixMs(ms));
}
