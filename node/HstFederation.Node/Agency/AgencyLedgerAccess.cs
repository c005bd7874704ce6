using HstFederation.Node.Ledger;

namespace HstFederation.Node.Agency;

/// <summary>
/// Which copies of a message an agency may see the ledger of: exactly those <see cref="AgencyVisibility"/> lets it see
/// (its own submission; a message inside its read scope), and of those only copies whose content is still held, since
/// a purged copy's handling and crime types can no longer be judged against the scope — except its own submission,
/// which it may follow to the end. Nothing visible is NOT_FOUND, like a missing message.
/// </summary>
internal sealed record AgencyLedgerAccess(bool Sent, IReadOnlySet<long> Received)
{
    public bool Any => Sent || Received.Count > 0;

    public static AgencyLedgerAccess Decide(NodeLedger ledger, AgencyCaller caller, VisibleMessage? sent, IReadOnlyList<VisibleMessage> received)
    {
        var own = ledger.Sent is { } mine && string.Equals(mine.Actor, caller.Actor, StringComparison.Ordinal);
        var sentVisible = ledger.Sent is { } copy && (own || (sent is not null && copy.Lifecycle.PurgedAtMs is null));
        var held = ledger.Received.Where(r => r.Lifecycle.PurgedAtMs is null).Select(r => r.LocalId).ToHashSet();
        return new AgencyLedgerAccess(sentVisible, received.Select(v => v.LocalId).Where(held.Contains).ToHashSet());
    }
}
