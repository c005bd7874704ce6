using System.Globalization;
using System.Text;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>
/// `hits`: the hits the hub found, newest first, for the General Secretariat's analysts (docs/hub.md#hits). The fields
/// `ledger` shows for a hit and nothing more (never its explanation). It changes nothing, but who listed which hits is
/// audited (<see cref="AuditedRead"/>), as the node audits its operator's `hits`.
/// </summary>
internal sealed class HitsCommand : IHubCommand
{
    private const string MemberOption = "--member";
    private const string LimitOption = "--limit";
    private const int DefaultLimit = 50;
    private const int MaxLimit = 10_000;

    public string Name => "hits";

    public string Summary => "The hits the hub found, newest first: when, kind, score, both messages, whom it notified.";

    public string Help => $$"""
        Usage: hst-hub hits [--since 24h|7d|DATE] [--member CC] [--kind KIND] [--limit N] [--json]

        The hits the intelligence worker found (docs/intelligence.md §3), newest first, from one read snapshot of
        Hub:DatabasePath (safe while the hub runs): when the hub detected it, the hit id, the kind and score of its best
        entity, the basis (hub-index: the hub read both messages; blind-tokens: a direct exchange matched on keyed
        tokens), the EARLIER and the LATER message as source, message id and #hub sequence, and whom the hub notified.
        Never content, nor the hit's explanation: what 'hst-hub ledger <message-id>' shows for a hit; ledger then shows
        either message in full.

        STATE: active; superseded (a newer version replaced a message: it is no longer matched, the hit and its
        notifications stand); withdrawn (a recall or expiry purged a message: the hub withdrew both notifications,
        the hit stays for the ledger). Such hits are listed, marked, as the ledger lists them.

        Options:
          --since SPAN|DATE  hits detected from then on: a span back from now, 1h-87600h or 1d-3650d (24h, 7d),
                             or a UTC date or time (2026-11-30, 2026-11-30T08:00:00Z). Default: the last {{HitsSince.DefaultDays}} days
          --member CC        hits where CC (FR or urn:hst:member:FR) is the source of either message
          --kind KIND        one kind: {{string.Join(", ", HitKinds.Names)}}
          --limit N          the newest N (default {{DefaultLimit}}, at most {{MaxLimit}}); a last line says how many more there are
          --json             {"since","member","kind","limit","total","hits":[{"hitId","kind","score","detectedAt","basis","state",
                             "earlier":{"source","messageId","hubSequence","state","purgedAt"},"later":{...},"notified"}]}

        Audited: each run writes one 'list' entry as operator:<user> (the window, the filters, the limit, how many were
        returned), before anything is shown; if it cannot be written (a full disk, a file this user may not write) the
        command shows nothing and exits 1. Never the hits themselves in the entry.

        Exit codes: 0 listed (also when none match: "No hits since ..."); 1 the read could not be audited, or the database
        cannot be opened; 2 a malformed option.

        Example:
          $ hst-hub hits --since 24h --member FR
          2 hits since 2026-11-29 11:30:00Z (the last 24 hours), involving FR.
          DETECTED              HIT                               KIND    SCORE  BASIS      EARLIER                                      LATER                                        NOTIFIED  STATE
          2026-11-30 09:12:40Z  00c2f01b8b7bdb92ded686015afeec60  person  0.93   hub-index  FR 01a226f6-345b-7f3c-ad14-062214e8c271 #1  DE 01a226f6-394c-79b6-9783-f5d8eaee0519 #2  DE,FR     active
          2026-11-30 08:01:05Z  7d1e0a4b2c3f4e5d6a7b8c9d0e1f2a3b  phone   1.00   hub-index  IT 01a226f6-3a01-7c3d-8e4f-5a6b7c8d9e0f #3  FR 01a226f6-3b02-7c3d-8e4f-5a6b7c8d9e10 #4  FR,IT     withdrawn: FR's recalled 2026-11-30 10:00:00Z
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { HitsSince.Option, MemberOption, HitKinds.Option, LimitOption };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        arguments.ExpectPositionals();
        var since = HitsSince.Parse(arguments.Optional(HitsSince.Option), context.Time.GetUtcNow());
        PartyId? member = arguments.Optional(MemberOption) is { } code ? Member(code) : null;
        MatchKind? kind = arguments.Optional(HitKinds.Option) is { } name ? HitKinds.Parse(name) : null;
        var limit = ProductsCommand.Number(arguments.Optional(LimitOption), LimitOption, DefaultLimit, 1, MaxLimit);
        var options = context.Settings(nameof(HubOptions.DatabasePath));
        await using var store = context.OpenStore(options);
        var list = await store.ListHitsAsync(new HitListFilter(since.At.ToUnixTimeMilliseconds(), member, kind), limit, cancellationToken);
        await AuditedRead.RecordAsync(store, options, OperatorActions.List, null, AuditDetail(since, member, kind, limit, list), cancellationToken);
        if (context.Json)
        {
            context.WriteJson(HitsJson.Shape(list, since, member, kind, limit));
        }
        else
        {
            HitsText.Write(list, since, arguments.Optional(HitsSince.Option) is not null, member, kind, context.Out);
            if (list.Total > list.Hits.Count)
            {
                context.Out.WriteLine(MoreLine(list));
            }
        }

        return HubCommandLine.Success;
    }

    /// <summary>What was asked and how many rows came back: the window, the filters given, the limit, how many shown of how many.</summary>
    internal static string AuditDetail(HitsSince since, PartyId? member, MatchKind? kind, int limit, HitList list)
    {
        var detail = new StringBuilder("hits since=").Append(since.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        if (member is { } party)
        {
            detail.Append(" member=").Append(party.Uri);
        }

        if (kind is { } matchKind)
        {
            detail.Append(" kind=").Append(LedgerJson.Kind(matchKind));
        }

        return detail.Append(CultureInfo.InvariantCulture, $" limit={limit} returned={list.Hits.Count} total={list.Total}").ToString();
    }

    /// <summary>How many more there are and how to see them: a larger --limit, or a narrower filter past the maximum.</summary>
    internal static string MoreLine(HitList list)
    {
        var more = list.Total - list.Hits.Count;
        var next = list.Total <= MaxLimit
            ? $"{LimitOption} {list.Total} lists them all"
            : $"{LimitOption} {MaxLimit} lists the newest {MaxLimit}; a later {HitsSince.Option}, {MemberOption} or {HitKinds.Option} narrows the list";
        return $"{more} older {(more == 1 ? "hit" : "hits")} not shown (the newest {list.Hits.Count} of {list.Total}): {next}.";
    }

    private static PartyId Member(string code)
    {
        try
        {
            return MemberCodes.Parse(code);
        }
        catch (CommandUsageException e)
        {
            throw new CommandUsageException($"{MemberOption}: {e.Message}");
        }
    }
}
