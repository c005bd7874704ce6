using HstFederation.Node.Intelligence;
using HstFederation.Node.Ledger;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Commands;

/// <summary>`hst-node ledger --json`: the shape docs/node.md#ledger documents.</summary>
internal static class LedgerJson
{
    public static object Shape(NodeLedger ledger) => new
    {
        MessageId = MessageIds.Format(ledger.MessageId),
        Sent = ledger.Sent is { } sent
            ? new
            {
                sent.LocalId, sent.Sequence, sent.Actor, QueuedAt = At(sent.CreatedAtMs), State = sent.State.ToString().ToLowerInvariant(),
                StateAt = At(sent.StateAtMs), sent.HubSequence, sent.RejectReason, Header = Header(sent.Header),
                Holders = sent.Holders.Select(h => new
                {
                    Party = Display.Party(h.Party), Role = h.Forwarded ? "forwarded" : "addressee",
                    DeliveredAt = h.DeliveredAtMs is { } at ? At(at) : (DateTimeOffset?)null,
                }),
                Releases = sent.Releases.Select(r => new
                {
                    HitId = IntelligenceIds.Format(r.HitId), OtherSender = Display.Party(r.OtherSender), Release = IntelligenceDisplay.ReleaseJson(r.Release),
                }),
            }
            : null,
        Received = ledger.Received.Select(r => new
        {
            r.LocalId, Sender = Display.Party(r.Sender), r.Sequence, ReceivedAt = At(r.ReceivedAtMs), r.ContentType, Header = Header(r.Header),
            Forwards = r.Forwards.Select(f => f.Json()),
        }),
        Reads = ledger.Reads.Select(Entry),
        Audit = ledger.Audit.Select(Entry),
    };

    /// <summary>A message id as text, or its hex when it is not a valid id (a lineage is only shape-checked).</summary>
    public static string Id(ReadOnlySpan<byte> id) => MessageIds.IsValid(id) ? MessageIds.Format(id) : Convert.ToHexStringLower(id);

    private static object? Header(LedgerHeader? header) => header is null ? null : new
    {
        Handling = Display.Handling(header.Code), header.HubMayRead, header.ExcludedMembers,
        RetainUntil = header.RetainUntilMs is { } until ? At(until) : (DateTimeOffset?)null,
        Lineage = header.Lineage is { } lineage
            ? new { lineage.Version, Supersedes = Id(lineage.SupersedesMessageId.Span), SupersedesHeaderSha256 = Convert.ToHexStringLower(lineage.SupersedesHeaderSha256.Span), lineage.Reason }
            : null,
    };

    private static object Entry(LedgerAuditEntry entry) => new { entry.Seq, At = At(entry.AtMs), entry.Actor, entry.Action, entry.Detail };

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
