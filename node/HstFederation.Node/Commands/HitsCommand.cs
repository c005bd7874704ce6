using System.Globalization;
using HstFederation.Node.Audit;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>`hits` and `hits show &lt;hit&gt;`: the hub's hit notifications about this NCB's messages. Audited.</summary>
internal sealed class HitsCommand : INodeCommand
{
    public string Name => "hits";

    public string Summary => "Hits: the hub found another source holding what one of this NCB's messages names (list, show).";

    public string Help => $"""
        Usage: hst-node hits [list] [--limit N] [--before ID] [--json]
               hst-node hits show <hit> [--json]

        When a message this NCB sent matches what another member reported (the same person under another
        spelling, a shared phone, document, IBAN …), the hub sends a signed hit notification: which of this
        NCB's messages matched, which source holds the other message (never its content), the score and why.
        'hits' (or 'hits list') lists them newest first: the hit (the last {IntelligenceIds.ShortLength} hex digits of its id), when the hub detected it,
        the kinds of entity that matched, the score (0-1), this NCB's message, the other source, the basis
        (hub-index: both messages name the hub as a reader; blind-tokens: matched on keyed tokens of a direct
        exchange, the hub never saw the values), whether this NCB may release its message to the other source
        through the hub, and the release so far. 'hits show <hit>' explains the match: each matched entity of
        this NCB's message (path and value) and each factor (which field agreed, how much it contributed).
        'hst-node release <hit>' releases the message. A hit one of whose messages was purged here (recalled,
        restricted away, expired) is listed as withdrawn, one the hub withdrew (the other message recalled,
        expired or restricted away from this NCB) as withdrawn by the hub: its notification's entities, values
        and factors are gone.
        Every listing and show is audited.

        Options:
          --limit N          list: at most N hits (default 50, at most {NodeStore.MaxIntelligencePage}), newest first
          --before ID        list: the next page (the number the previous page's "More:" line gives)

        Examples:
          $ hst-node hits --config node.json
          HIT       DETECTED              KINDS         SCORE  YOUR MESSAGE                          OTHER  BASIS      RELEASABLE  RELEASE
          9c41e07a  2026-11-29 10:02:13Z  person,phone  0.93   0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b  DE     hub-index  yes         -
          $ hst-node hits show 9c41e07a --config node.json
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { ListOptions.Limit, ListOptions.Before };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var positionals = context.Arguments.Positionals;
        if (positionals.Count > 0 && positionals[0] == "show")
        {
            context.Arguments.ExpectPositionals("show", "<hit>");
            return await ShowAsync(context, positionals[1], cancellationToken);
        }

        // 'hits list' as 'products list' and the hub's lists.
        context.Arguments.ExpectPositionals(positionals.Count > 0 && positionals[0] == "list" ? ["list"] : []);
        return await ListAsync(context, cancellationToken);
    }

    private Task<int> ListAsync(CommandContext context, CancellationToken cancellationToken) =>
        AuditedList.RunAsync(
            context, Name, (store, before, limit) => store.ListHitsAsync(before, limit, cancellationToken), Json,
            "No hit: the hub has notified no match with this NCB's messages.",
            new TextTable("HIT", "DETECTED", "KINDS", "SCORE", "YOUR MESSAGE", "OTHER", "BASIS", "RELEASABLE", "RELEASE"),
            hit => [
                IntelligenceIds.Short(hit.HitId), Display.Time(hit.Notification.DetectedAtMs), IntelligenceDisplay.Kinds(hit.Kinds),
                IntelligenceDisplay.Score(hit.Notification.Score), MessageIds.Format(hit.YourMessageId), Display.Party(hit.OtherSender),
                IntelligenceDisplay.Basis(hit.Notification.Basis), hit.Notification.Releasable ? "yes" : "no", IntelligenceDisplay.Release(hit),
            ],
            cancellationToken);

    private static async Task<int> ShowAsync(CommandContext context, string text, CancellationToken cancellationToken)
    {
        await using var store = context.OpenStore(context.StoreSettings());
        var hit = await IdSelector.ResolveAsync(text, "hit", "hst-node hits", s => store.FindHitsAsync(s, cancellationToken), h => h.HitId);
        await store.AuditAsync(CommandContext.Actor, NodeAuditActions.Read, hit.YourMessageId, "hits show hit=" + IntelligenceIds.Format(hit.HitId), cancellationToken);
        if (context.Json)
        {
            context.WriteJson(Json(hit));
            return NodeCommandLine.Success;
        }

        var n = hit.Notification;
        var output = context.Out;
        output.WriteLine($"Hit {IntelligenceIds.Format(hit.HitId)}");
        output.WriteLine($"  detected      {Display.Time(n.DetectedAtMs)} by the hub, basis {IntelligenceDisplay.Basis(n.Basis)}" + (n.Basis == HitBasis.BlindTokens
            ? " (keyed tokens of a direct exchange: the hub never saw the values)"
            : " (both messages name the hub as a reader)"));
        output.WriteLine($"  your message  {MessageIds.Format(hit.YourMessageId)} ('hst-node show' shows it)");
        output.WriteLine($"  other source  {Display.Party(hit.OtherSender)}, message {MessageIds.Format(n.OtherMessage.MessageId.Span)}" + (n.OtherMessageReadable
            ? " (this NCB may read it: it is among its recipients)"
            : " (not addressed to this NCB: the hub tells only that it exists)"));
        output.WriteLine($"  score         {IntelligenceDisplay.Score(n.Score)} (the highest of the matched entities)");
        output.WriteLine($"  releasable    " + (n.Releasable
            ? $"yes: 'hst-node release {IntelligenceIds.Short(hit.HitId)}' asks the hub to forward your message to {Display.Party(hit.OtherSender)} with your signed consent"
            : "no: the hub cannot forward your message (a direct exchange it may not read, or handling H3)"));
        output.WriteLine($"  release       {Release(hit.Release)}");
        if (hit.Withdrawn is { } withdrawn)
        {
            output.WriteLine($"  WITHDRAWN     {Display.Time(withdrawn.AtMs)}: " + (withdrawn.ByHub
                ? $"the hub withdrew the notification ({withdrawn.Cause}: a message it names may no longer be read here); "
                : $"a message it names was purged here ({withdrawn.Cause}); ") +
                "the notification's matched entities, values and factors went with it");
            return NodeCommandLine.Success;
        }

        output.WriteLine("  matched entities of your message:");
        foreach (var match in n.Matches)
        {
            var value = string.IsNullOrEmpty(match.YourValue) ? string.Empty : "  " + Display.Safe(match.YourValue);
            output.WriteLine($"    {IntelligenceDisplay.Kind(match.Kind)}  {Display.Safe(match.YourPath)}{value}  score {IntelligenceDisplay.Score(match.Score)}");
            var factors = new TextTable("FACTOR", "AGREEMENT", "CONTRIBUTION");
            foreach (var factor in match.Factors)
            {
                factors.Add(factor.Field, factor.Agreement, IntelligenceDisplay.Signed(factor.Contribution));
            }

            if (factors.Count > 0)
            {
                using var indented = new StringWriter(CultureInfo.InvariantCulture);
                factors.WriteTo(indented);
                foreach (var line in indented.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
                {
                    output.WriteLine("      " + line);
                }
            }
        }

        return NodeCommandLine.Success;
    }

    private static string Release(HitRelease release) => release.State switch
    {
        ReleaseState.Released => $"released to {Display.Party(release.ReleasedTo!)} {Display.Time(release.AtMs!.Value)} by {Display.Safe(release.Actor)}",
        ReleaseState.Refused => $"REFUSED {Display.Time(release.AtMs!.Value)} (asked by {Display.Safe(release.Actor)}): {release.Reason}: {Display.Safe(release.Detail)}",
        _ => "not released",
    };

    private static object Json(HitEntry hit) => new
    {
        HitId = IntelligenceIds.Format(hit.HitId),
        Short = IntelligenceIds.Short(hit.HitId),
        DetectedAt = StoredTime.Of(hit.Notification.DetectedAtMs),
        Kinds = hit.Kinds.Select(IntelligenceDisplay.Kind),
        hit.Notification.Score,
        YourMessageId = MessageIds.Format(hit.YourMessageId),
        OtherSender = Display.Party(hit.OtherSender),
        OtherMessageId = MessageIds.Format(hit.Notification.OtherMessage.MessageId.Span),
        hit.Notification.OtherMessageReadable,
        Basis = IntelligenceDisplay.Basis(hit.Notification.Basis),
        hit.Notification.Releasable,
        Release = IntelligenceDisplay.ReleaseJson(hit.Release),
        Withdrawn = IntelligenceDisplay.WithdrawnJson(hit.Withdrawn),
        Notification = hit.Withdrawn is null ? IntelligenceDisplay.Json(hit.Notification) : (System.Text.Json.JsonElement?)null,
    };
}
