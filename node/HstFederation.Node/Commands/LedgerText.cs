using System.Globalization;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Ledger;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Storage.Audit;

namespace HstFederation.Node.Commands;

/// <summary>`hst-node ledger` as text: the sent copy with its holders, each received copy, the reads, then the audit entries.</summary>
internal static class LedgerText
{
    public static void Write(NodeLedger ledger, TextWriter output)
    {
        output.WriteLine($"Message {MessageIds.Format(ledger.MessageId)}");
        if (ledger.Sent is { } sent)
        {
            WriteSent(sent, output);
        }

        foreach (var received in ledger.Received)
        {
            WriteReceived(received, output);
        }

        WriteReceivedOrders(ledger, output);

        output.WriteLine();
        output.WriteLine($"READS ({Count(ledger.Reads.Count)})" + (ledger.Reads.Count == 0 ? ": none" : string.Empty));
        foreach (var read in ledger.Reads)
        {
            output.WriteLine($"  {Display.Time(read.AtMs)}  {Display.Safe(read.Actor)}{Through(read)}  {Display.Safe(read.Detail)}");
        }

        output.WriteLine();
        output.WriteLine($"AUDIT ({Count(ledger.Audit.Count)} {(ledger.Audit.Count == 1 ? "entry" : "entries")})");
        var audit = new TextTable("SEQ", "TIME", "ACTOR", "CERTIFICATE", "ACTION", "DETAIL");
        foreach (var entry in ledger.Audit)
        {
            audit.Add(Count(entry.Seq), Display.Time(entry.AtMs), entry.Actor, entry.Certificate ?? "-", entry.Action, entry.Detail);
        }

        audit.WriteTo(output);
    }

    /// <summary>Which of an agency's client certificates a read came through; operators' reads came through none.</summary>
    private static string Through(AuditEntry entry) =>
        entry.Certificate is { } serial ? $" (certificate {Display.Safe(serial)})" : string.Empty;

    private static void WriteSent(SentLedger sent, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Sent by this NCB (outbox #{Count(sent.LocalId)}, sequence {Count(sent.Sequence)}), queued {Display.Time(sent.CreatedAtMs)} by {Display.Safe(sent.Actor)}");
        output.WriteLine(sent.State switch
        {
            OutboxState.Accepted => $"  accepted by the hub {Display.Time(sent.StateAtMs)} at hub sequence {sent.HubSequence}",
            OutboxState.Rejected => $"  REJECTED {Display.Time(sent.StateAtMs)}: {sent.RejectReason}",
            _ => "  queued: not yet accepted by the hub",
        });
        WriteHeader(sent.Header, output);
        output.WriteLine("  " + Display.Safe(LedgerOrderText.Lifecycle(sent.Lifecycle)));
        var holders = new TextTable("HOLDER", "HOW", "DELIVERED");
        foreach (var holder in sent.Holders)
        {
            holders.Add(Display.Party(holder.Party), holder.Forwarded ? "forwarded" : "addressee",
                holder.DeliveredAtMs is { } at ? Display.Time(at) : "no delivery receipt yet");
        }

        Indented(holders, output);
        foreach (var release in sent.Releases)
        {
            output.WriteLine($"  hit {IntelligenceIds.Short(release.HitId)} with {Display.Party(release.OtherSender)}: release {IntelligenceDisplay.Release(release.Release)}" +
                (release.Release.AtMs is { } at ? $" {Display.Time(at)} by {Display.Safe(release.Release.Actor)}" : string.Empty));
        }

        foreach (var review in sent.Reviews)
        {
            output.WriteLine($"  retention review of {Display.Time(review.RetainUntilMs)} requested {Display.Time(review.RequestedAtMs)} ({Count(review.Holders)} holders): " +
                (review.Decision is { } decision ? $"{decision} {Display.Time(review.DecidedAtMs!.Value)}" : "undecided"));
        }

        foreach (var order in sent.Orders)
        {
            output.WriteLine($"  order {LedgerJson.Id(order.OrderId)} {Display.Safe(LedgerOrderText.Terms(order.Action, order.Order))}, " +
                $"issued {Display.Time(order.CreatedAtMs)} by {Display.Safe(order.Actor)}; {LedgerOrderText.State(order)} {Display.Time(order.StateAtMs)}" +
                (order.RefusalReason is { } reason ? ": " + reason : string.Empty));
            WriteHolders(order.Holders, output);
        }

        // The hub's own orders (the expiry): known from the confirmations relayed with them, so no holder is outstanding here.
        foreach (var order in sent.HubOrders)
        {
            output.WriteLine($"  order {LedgerJson.Id(order.OrderId)} {Display.Safe(LedgerOrderText.Terms(order.Action, order.Order))}, " +
                $"issued {LedgerOrderText.ByTheHub(order.Order)}; {Count(order.Holders.Count)} holder confirmation(s) relayed with it");
            WriteHolders(order.Holders, output);
        }
    }

    private static void WriteHolders(IReadOnlyList<OrderHolder> holders, TextWriter output)
    {
        foreach (var holder in holders)
        {
            output.WriteLine($"    {Display.Party(holder.Holder),-6} " + (holder.Outcome is { } outcome
                ? $"confirmed {LedgerOrderText.Outcome(outcome)} {Display.Time(holder.ConfirmedAtMs!.Value)}"
                : "outstanding: no confirmation yet"));
        }
    }

    private static void WriteReceived(ReceivedLedger received, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Received from {Display.Party(received.Sender)} (inbox #{Count(received.LocalId)}, sender sequence {Count(received.Sequence)}), stored {Display.Time(received.ReceivedAtMs)}" +
            (received.ContentType == Protocol.Envelope.ProtocolVersions.HstMessageContentType ? string.Empty : $", content {Display.Safe(received.ContentType)} from the hub"));
        WriteHeader(received.Header, output);
        output.WriteLine("  " + Display.Safe(LedgerOrderText.Lifecycle(received.Lifecycle)));
        foreach (var forward in received.Forwards)
        {
            output.WriteLine("  " + Display.Safe(forward.Line()));
        }
    }

    private static void WriteReceivedOrders(NodeLedger ledger, TextWriter output)
    {
        if (ledger.OrdersReceived.Count + ledger.Tombstones.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Orders received and tombstones");
        foreach (var order in ledger.OrdersReceived)
        {
            output.WriteLine($"  order {LedgerJson.Id(order.OrderId)} from {Display.Party(order.Source)}: {Display.Safe(LedgerOrderText.Terms(order.Action, order.Order))}; " +
                $"applied {Display.Time(order.AppliedAtMs)}, confirmed {LedgerOrderText.Outcome(order.Outcome)}");
        }

        foreach (var tombstone in ledger.Tombstones)
        {
            output.WriteLine($"  tombstone of {Display.Party(tombstone.Sender)}'s message: {tombstone.Cause} {Display.Time(tombstone.PurgedAtMs)}, " +
                $"{LedgerOrderText.Outcome(tombstone.Outcome)}" +
                (tombstone.OrderId is { } order ? $", order {LedgerJson.Id(order)} kept as evidence" : ", by this node's retention sweeper"));
        }
    }

    private static void WriteHeader(LedgerHeader? header, TextWriter output)
    {
        if (header is null)
        {
            output.WriteLine("  signed header: not held");
            return;
        }

        output.WriteLine($"  handling {Display.Handling(header.Code)}, {(header.HubMayRead ? "the hub may read it" : "the hub cannot read it")}" +
            (header.ExcludedMembers.Count > 0 ? $", excluded {string.Join(",", header.ExcludedMembers)}" : string.Empty) +
            (header.RetainUntilMs is { } until ? $", retain until {Display.Time(until)}" : string.Empty));
        if (header.Lineage is { } lineage)
        {
            output.WriteLine($"  version {lineage.Version}, superseding {LedgerJson.Id(lineage.SupersedesMessageId.Span)}: {Display.Safe(lineage.Reason)}");
        }
    }

    private static void Indented(TextTable table, TextWriter output)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        table.WriteTo(text);
        foreach (var line in text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
        {
            output.WriteLine("  " + line);
        }
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
