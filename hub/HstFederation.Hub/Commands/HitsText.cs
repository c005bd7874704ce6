using System.Globalization;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>`hst-hub hits` as text: a line saying what was asked and how many match, then one row per hit.</summary>
internal static class HitsText
{
    public static void Write(HitList list, HitsSince since, bool sinceGiven, PartyId? member, MatchKind? kind, TextWriter output)
    {
        var asked = since.Words + (member is { } party ? ", involving " + party.Code : string.Empty) + (kind is { } k ? ", kind " + LedgerJson.Kind(k) : string.Empty);
        if (list.Total == 0)
        {
            // The default window is the command's choice, not the analyst's: say how to look past it.
            output.WriteLine($"No hits {asked}{(sinceGiven ? string.Empty : $"; {HitsSince.Option} 30d or a date looks further back")}.");
            return;
        }

        output.WriteLine($"{Number(list.Total)} {(list.Total == 1 ? "hit" : "hits")} {asked}.");
        var table = new TextTable("DETECTED", "HIT", "KIND", "SCORE", "BASIS", "EARLIER", "LATER", "NOTIFIED", "STATE");
        foreach (var hit in list.Hits)
        {
            table.Add(
                Time(hit.DetectedAtMs), Convert.ToHexStringLower(hit.HitId), LedgerJson.Kind(hit.Kind), hit.Score.ToString("0.00", CultureInfo.InvariantCulture),
                HitsJson.Basis(hit.Basis), Message(hit.Earlier), Message(hit.Later), string.Join(",", hit.Notified.Select(p => p.Code)), State(hit));
        }

        table.WriteTo(output);
    }

    /// <summary>"FR 01a226f6-345b-7f3c-ad14-062214e8c271 #1": source, message id, hub sequence (what `ledger --sender FR` takes).</summary>
    private static string Message(HitMessage message) =>
        $"{message.Source.Code} {MessageIds.Format(message.MessageId)} #{Number(message.HubSequence)}";

    /// <summary>active; "FR's superseded"; or "withdrawn: FR's recalled 2026-11-30 10:00:00Z" — a withdrawal outweighs a supersede.</summary>
    private static string State(ListedHit hit)
    {
        HitMessage[] both = [hit.Earlier, hit.Later];
        if (both.Any(message => message.IsWithdrawn))
        {
            return "withdrawn: " + string.Join("; ", both.Where(message => message.IsWithdrawn).Select(message =>
                $"{message.Source.Code}'s {HitsJson.State(message)}{(message.PurgedAtMs is { } at ? " " + Time(at) : string.Empty)}"));
        }

        return both.Any(message => message.Superseded)
            ? string.Join("; ", both.Where(message => message.Superseded).Select(message => $"{message.Source.Code}'s superseded"))
            : "active";
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(long ms) => CommandContext.Format(CommandContext.FromUnixMs(ms));
}
