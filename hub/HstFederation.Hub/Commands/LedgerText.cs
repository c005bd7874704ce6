using System.Globalization;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Commands;

/// <summary>`hst-hub ledger` as text: the message, a table of holders, then forwards, hits and the audit entries.</summary>
internal static class LedgerText
{
    public static void Write(MessageLedger ledger, TextWriter output)
    {
        output.WriteLine($"Message {MessageIds.Format(ledger.MessageId)} from {ledger.Source.Uri} (its message {Number(ledger.SourceSequence)}), hub sequence {Number(ledger.HubSequence)}");
        // "envelope": the delivery window the source signed, not the retention date (RETENTION, status's UPCOMING EXPIRIES).
        output.WriteLine($"Accepted {Time(ledger.AcceptedAtMs)}; created {Time(ledger.CreatedAtMs)}; envelope expires {Time(ledger.ExpiresAtMs)}");
        if (SubmittedWith(ledger) is { } submitted)
        {
            output.WriteLine(submitted);
        }

        output.WriteLine(ledger.Handling is { } handling
            ? $"Handling {LedgerJson.Code(handling)}, evaluation {LedgerJson.Evaluation(handling)}, {(handling.HubMayRead ? "the hub may read it" : "a direct exchange the hub cannot read")}"
            : ledger.Lifecycle is { PurgedAtMs: { } purged } lifecycle
                ? $"Handling not shown: the hub purged the envelope {Time(purged)} ({LedgerLifecycleText.State(lifecycle.State)}); LIFECYCLE has what it kept"
                : "Handling unknown: the stored header does not parse");

        var holders = new TextTable("HOLDER", "HOW", "SINCE", "STATE", "RECEIPT");
        holders.Add(ledger.Source.Uri, "source", Time(ledger.AcceptedAtMs), "accepted", "-");
        foreach (var copy in ledger.Copies)
        {
            holders.Add(
                copy.Holder.Uri, copy.Forward is null ? "addressee" : "forwarded", Time(copy.Forward?.ForwardedAtMs ?? ledger.AcceptedAtMs),
                copy.AcknowledgedAtMs is { } acked ? "acknowledged " + Time(acked)
                    : ledger.WithdrawnAtMs(copy.Cursor) is { } withdrawn ? "withdrawn " + Time(withdrawn) : "pending",
                Receipt(copy));
        }

        var hubState = ledger.Lifecycle?.PurgedAtMs is { } hubPurged
            ? $"purged its copies {Time(hubPurged)}; {Count(ledger.Hub.Hits.Count, "hit", "hits")}"
            : HubState(ledger.Hub, ledger.Lifecycle);
        holders.Add(PartyId.Hub.Uri, "hub", Time(ledger.AcceptedAtMs), hubState, "-");
        holders.WriteTo(output);

        var forwards = ledger.Copies.Where(copy => copy.Forward is not null).ToList();
        if (forwards.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("FORWARDS");
            foreach (var copy in forwards)
            {
                var forward = copy.Forward!;
                var granted = forward.ConsentGrantedAtMs is { } at ? " granted " + Time(at) : string.Empty;
                output.WriteLine($"{copy.Holder.Uri}  forwarded {Time(forward.ForwardedAtMs)} under {forward.ConsentBy.Uri}'s consent{granted}, hit {Convert.ToHexStringLower(forward.HitId)}");
            }
        }

        if (ledger.Hub.Hits.Count > 0)
        {
            output.WriteLine();
            var hits = new TextTable("HIT", "KIND", "SCORE", "DETECTED", "OTHER MESSAGE", "OTHER SOURCE", "NOTIFIED");
            foreach (var hit in ledger.Hub.Hits)
            {
                hits.Add(
                    Convert.ToHexStringLower(hit.HitId), LedgerJson.Kind(hit.Kind), hit.Score.ToString("0.00", CultureInfo.InvariantCulture), Time(hit.DetectedAtMs),
                    MessageIds.Format(hit.OtherMessageId), hit.OtherSource.Uri, string.Join(",", hit.Notified.Select(party => party.Code)));
            }

            hits.WriteTo(output);
        }

        LedgerLifecycleText.Write(ledger.Lifecycle, output);
        LedgerRetentionText.Write(ledger.Retention, output);

        output.WriteLine();
        output.WriteLine($"AUDIT ({Count(ledger.Audit.Count, "entry", "entries")})");
        var audit = new TextTable("SEQ", "TIME", "ACTOR", "CERTIFICATE", "ACTION", "DETAIL");
        foreach (var entry in ledger.Audit)
        {
            audit.Add(Number(entry.Seq), Time(entry.AtMs), entry.Actor, entry.Certificate ?? "-", entry.Action, entry.Detail);
        }

        audit.WriteTo(output);
    }

    /// <summary>Which of the source's certificates sent it; the hub's own messages came over no member's connection.</summary>
    private static string? SubmittedWith(MessageLedger ledger) =>
        ledger.SubmittedWith is { } serial ? $"Submitted through TLS client certificate {serial}"
        : ledger.Source.IsHub ? null
        : "Submitted through a TLS client certificate the audit does not name (accepted before the hub recorded certificates)";

    private static string Receipt(LedgerCopy copy)
    {
        if (!copy.ReceiptHeld)
        {
            return "-";
        }

        if (copy.RelayCursor is null)
        {
            return "held";
        }

        return copy.RelayAcknowledgedAtMs is { } at ? "held; source acknowledged it " + Time(at) : "held; relayed to the source, pending";
    }

    private static string HubState(LedgerHubCopy hub, LedgerLifecycle? lifecycle)
    {
        if (!hub.MayRead)
        {
            return $"routes it, cannot read it; {Count(hub.BlindTokens, "blind token", "blind tokens")}; {Count(hub.Hits.Count, "hit", "hits")}";
        }

        var indexed = hub.Entities switch
        {
            // Superseding (like a recall or expiry) deletes the entities, so "not indexed" would deny a past the hits show.
            // The worker may also have skipped a version superseded before it got to it: only a hit proves it was indexed.
            null when lifecycle is not null && !lifecycle.IsCurrent => hub.Hits.Count > 0
                ? $"left the index when {LedgerLifecycleText.State(lifecycle)}"
                : $"not in the index ({LedgerLifecycleText.State(lifecycle)})",
            null => "not indexed",
            { Identifiers: { } identifiers, Persons: { } persons, Organisations: { } organisations } =>
                $"{Count(identifiers, "identifier", "identifiers")}, {Count(persons, "person", "persons")}, {Count(organisations, "organisation", "organisations")} indexed",
            _ => "indexed (the stored entities do not parse)",
        };
        return $"reads it: {indexed}; {Count(hub.Hits.Count, "hit", "hits")}";
    }

    private static string Count(long count, string one, string many) => $"{Number(count)} {(count == 1 ? one : many)}";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(long ms) => CommandContext.Format(CommandContext.FromUnixMs(ms));
}
