using HstFederation.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Commands;

/// <summary>
/// `hst-hub status` as text: the serve line, a database line when others may read it, then one table per section, "None."
/// when a section is empty.
/// </summary>
internal static class StatusText
{
    /// <summary>What a hub without serve means for the members (a node's own status says the same from its side).</summary>
    public const string NotServed = "members' nodes keep their messages queued; nothing is accepted or delivered until 'hst-hub serve' runs on this database";

    public static void Write(HubStatus status, ServeHolder serve, DatabaseAccess access, RevocationListStatus? crl, CredentialsStatus? credentials, DateTimeOffset now, DateTimeOffset until, TextWriter output)
    {
        output.WriteLine($"Status at {CommandContext.Format(now)}; expiries up to {CommandContext.Format(until)}");
        // Labelled as the node's status labels it, so one check reads both.
        output.WriteLine($"{"Serve",-13}{(serve.Running ? $"running{serve.Describe()}" : $"NOT running: {NotServed}")}");
        if (access.Line is { } line)
        {
            output.WriteLine($"{"Database",-13}{line}");
        }

        if (crl is not null)
        {
            output.WriteLine($"{"Federation",-13}{crl.Line()}");
        }

        if (credentials is not null)
        {
            output.WriteLine($"{"Certificates",-13}{credentials.Line()}");
        }

        var reviews = new TextTable("MESSAGE", "SOURCE", "RETAIN UNTIL", "ASKED");
        foreach (var review in status.PendingReviews)
        {
            reviews.Add(MessageIds.Format(review.MessageId), review.Source.Uri, Time(review.RetainUntilMs), Time(review.RequestedAtMs) + (review.Delivered ? string.Empty : " (undeliverable)"));
        }

        Section(output, "PENDING REVIEWS", status.PendingReviews.Count, reviews);

        var confirmations = new TextTable("ORDER", "ACTION", "MESSAGE", "SOURCE", "HOLDER", "QUEUED SINCE", "HOLDER STATUS");
        foreach (var waiting in status.OutstandingConfirmations)
        {
            confirmations.Add(
                MessageIds.Format(waiting.OrderId), waiting.Action, MessageIds.Format(waiting.MessageId), waiting.Source.Uri, waiting.Holder.Uri,
                Time(waiting.QueuedAtMs), waiting.HolderStatus?.ToString() ?? "not enrolled");
        }

        Section(output, "OUTSTANDING CONFIRMATIONS", status.OutstandingConfirmations.Count, confirmations);

        var expiries = new TextTable("MESSAGE", "SOURCE", "RETAIN UNTIL");
        foreach (var message in status.UpcomingExpiries)
        {
            expiries.Add(MessageIds.Format(message.MessageId), message.Source.Uri, Time(message.RetainUntilMs) + (message.RetainUntilMs <= now.ToUnixTimeMilliseconds() ? " (due)" : string.Empty));
        }

        Section(output, "UPCOMING EXPIRIES", status.UpcomingExpiries.Count, expiries);
    }

    private static void Section(TextWriter output, string title, int count, TextTable table)
    {
        output.WriteLine($"{title} ({count})");
        if (count == 0)
        {
            output.WriteLine("None.");
        }
        else
        {
            table.WriteTo(output);
        }
    }

    private static string Time(long ms) => CommandContext.Format(CommandContext.FromUnixMs(ms));
}
