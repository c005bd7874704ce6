using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>
/// `hst-hub hits --json`: a hit's fields under the names `ledger --json` gives them in its "hits" array, its two messages
/// under the names the ledger gives a message ("source", "messageId", "hubSequence"), and the words of the text.
/// </summary>
internal static class HitsJson
{
    public static object Shape(HitList list, HitsSince since, PartyId? member, MatchKind? kind, int limit) => new
    {
        Since = since.At,
        Member = member?.Uri,
        Kind = kind is { } k ? LedgerJson.Kind(k) : null,
        Limit = limit,
        list.Total,
        Hits = list.Hits.Select(hit => new
        {
            HitId = Convert.ToHexStringLower(hit.HitId),
            Kind = LedgerJson.Kind(hit.Kind),
            hit.Score,
            DetectedAt = CommandContext.FromUnixMs(hit.DetectedAtMs),
            Basis = Basis(hit.Basis),
            State = State(hit),
            Earlier = Message(hit.Earlier),
            Later = Message(hit.Later),
            Notified = hit.Notified.Select(party => party.Uri),
        }),
    };

    /// <summary>The node's words for a basis (`hst-node hits`): hub-index or blind-tokens.</summary>
    public static string Basis(HitBasis basis) => basis switch
    {
        HitBasis.HubIndex => "hub-index",
        HitBasis.BlindTokens => "blind-tokens",
        _ => "-",
    };

    /// <summary>As the ledger's text says it: active, superseded, recalled or expired.</summary>
    public static string State(HitMessage message) =>
        message is { State: MessageState.Active, Superseded: true } ? "superseded" : LedgerLifecycleText.State(message.State);

    /// <summary>withdrawn (either message recalled or expired), superseded (either replaced by a newer version), else active.</summary>
    public static string State(ListedHit hit) =>
        hit.Earlier.IsWithdrawn || hit.Later.IsWithdrawn ? "withdrawn"
            : hit.Earlier.Superseded || hit.Later.Superseded ? "superseded"
            : "active";

    private static object Message(HitMessage message) => new
    {
        Source = message.Source.Uri,
        MessageId = MessageIds.Format(message.MessageId),
        message.HubSequence,
        State = State(message),
        PurgedAt = message.PurgedAtMs is { } at ? CommandContext.FromUnixMs(at) : (DateTimeOffset?)null,
    };
}
