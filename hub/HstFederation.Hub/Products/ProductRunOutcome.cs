using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Products;

/// <summary>What a run did, as stored in <c>product_runs.outcome</c> and its audit entry: member codes and counts only.</summary>
internal sealed class ProductRunOutcome(int unreadable)
{
    private readonly List<string> _sent = [];
    private readonly List<string> _empty = [];
    private readonly List<string> _unreachable = [];

    public int Products => _sent.Count;

    public void Sent(PartyId recipient) => _sent.Add(recipient.Code);

    public void NothingToReport(PartyId recipient) => _empty.Add(recipient.Code);

    public void CannotReceive(PartyId recipient) => _unreachable.Add(recipient.Code);

    public override string ToString()
    {
        var parts = new List<string> { _sent.Count == 0 ? "sent to nobody" : "sent to " + string.Join(',', _sent) };
        if (_empty.Count > 0)
        {
            parts.Add("nothing to report for " + string.Join(',', _empty));
        }

        if (_unreachable.Count > 0)
        {
            parts.Add("not sent to " + string.Join(',', _unreachable) + " (not enrolled, revoked or without a valid encryption certificate)");
        }

        if (unreadable > 0)
        {
            parts.Add($"{unreadable} stored message(s) did not verify and were left out");
        }

        return string.Join("; ", parts);
    }
}
