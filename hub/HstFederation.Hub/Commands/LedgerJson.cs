using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>`hst-hub ledger --json`: the shape docs/hub.md#ledger-message-id documents, and the short names of handling codes and evaluations.</summary>
internal static class LedgerJson
{
    public static object Shape(MessageLedger ledger) => new
    {
        MessageId = MessageIds.Format(ledger.MessageId),
        Source = ledger.Source.Uri,
        ledger.SourceSequence,
        ledger.HubSequence,
        AcceptedAt = At(ledger.AcceptedAtMs),
        CreatedAt = At(ledger.CreatedAtMs),
        ExpiresAt = At(ledger.ExpiresAtMs),
        ledger.SubmittedWith,
        Handling = ledger.Handling is { } handling ? new { Code = Code(handling), Evaluation = Evaluation(handling), handling.HubMayRead } : null,
        Holders = Holders(ledger),
        Hits = ledger.Hub.Hits.Select(hit => new
        {
            HitId = Convert.ToHexStringLower(hit.HitId),
            Kind = Kind(hit.Kind),
            hit.Score,
            DetectedAt = At(hit.DetectedAtMs),
            OtherHubSequence = hit.OtherHubSequence,
            OtherSource = hit.OtherSource.Uri,
            OtherMessageId = MessageIds.Format(hit.OtherMessageId),
            Notified = hit.Notified.Select(party => party.Uri),
        }),
        Lifecycle = LedgerLifecycleJson.Shape(ledger.Lifecycle),
        Retention = LedgerRetentionJson.Shape(ledger.Retention),
        Audit = ledger.Audit.Select(entry => new { entry.Seq, At = At(entry.AtMs), entry.Actor, entry.Certificate, entry.Action, entry.Detail }),
    };

    public static string Code(Handling handling) => handling.Code == HandlingCode.Unspecified ? "-" : handling.Code.ToString();

    /// <summary>Reliability letter and accuracy digit, e.g. "B2" ("-" if either is unspecified).</summary>
    public static string Evaluation(Handling handling) =>
        handling.SourceReliability == SourceReliability.Unspecified || handling.InformationAccuracy == InformationAccuracy.Unspecified
            ? "-"
            : handling.SourceReliability + handling.InformationAccuracy.ToString().TrimStart('_');

    public static string Kind(MatchKind kind) => kind.ToString().ToLowerInvariant();

    private static List<object> Holders(MessageLedger ledger)
    {
        var holders = new List<object> { new { Party = ledger.Source.Uri, Role = "source", State = "accepted", Since = At(ledger.AcceptedAtMs) } };
        holders.AddRange(ledger.Copies.Select(copy => new
        {
            Party = copy.Holder.Uri,
            Role = copy.Forward is null ? "addressee" : "forwarded",
            State = copy.AcknowledgedAtMs is not null ? "acknowledged" : ledger.WithdrawnAtMs(copy.Cursor) is not null ? "withdrawn" : "pending",
            Since = At(copy.Forward?.ForwardedAtMs ?? ledger.AcceptedAtMs),
            copy.Cursor,
            AcknowledgedAt = copy.AcknowledgedAtMs is { } acked ? At(acked) : (DateTimeOffset?)null,
            copy.ReceiptHeld,
            ReceiptRelay = copy.RelayCursor is { } relay
                ? new { Cursor = relay, State = copy.RelayAcknowledgedAtMs is null ? "pending" : "acknowledged", AcknowledgedAt = copy.RelayAcknowledgedAtMs is { } at ? At(at) : (DateTimeOffset?)null }
                : null,
            Forward = copy.Forward is { } forward
                ? new
                {
                    forward.ForwardId,
                    ForwardedAt = At(forward.ForwardedAtMs),
                    ConsentBy = forward.ConsentBy.Uri,
                    ConsentGrantedAt = forward.ConsentGrantedAtMs is { } granted ? At(granted) : (DateTimeOffset?)null,
                    HitId = Convert.ToHexStringLower(forward.HitId),
                }
                : null,
        }));
        var hub = ledger.Hub;
        holders.Add(new
        {
            Party = PartyId.Hub.Uri,
            Role = "hub",
            State = ledger.Lifecycle?.PurgedAtMs is not null ? "purged" : hub.MayRead ? "reads" : "routes",
            Since = At(ledger.AcceptedAtMs),
            hub.MayRead,
            Indexed = hub.Entities is not null,
            Entities = hub.Entities,
            hub.BlindTokens,
            Hits = hub.Hits.Count,
        });
        return holders;
    }

    private static DateTimeOffset At(long ms) => CommandContext.FromUnixMs(ms);
}
