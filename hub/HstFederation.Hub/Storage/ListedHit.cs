using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// One hit as `hst-hub hits` lists it: the fields the ledger shows for a hit, its basis, and both messages — the
/// earlier (held) and the later (new, whose processing found it) — with the sources the hub notified, in code order.
/// Never the explanation: the ledger does not show it either.
/// </summary>
internal sealed record ListedHit(
    byte[] HitId, HitBasis Basis, MatchKind Kind, double Score, long DetectedAtMs, HitMessage Earlier, HitMessage Later, IReadOnlyList<PartyId> Notified);

/// <summary>
/// One message of a hit and where its lifecycle stands, as its ledger says it: <paramref name="State"/> from
/// <c>message_lifecycle</c> (active for a message that has no row yet), superseded when a newer version replaced it,
/// and when a recall or expiry purged the hub's copies.
/// </summary>
internal sealed record HitMessage(long HubSequence, PartyId Source, byte[] MessageId, MessageState State, bool Superseded, long? PurgedAtMs)
{
    /// <summary>Recalled or expired: the hub withdrew both notifications of every hit on it (docs/intelligence.md §3).</summary>
    public bool IsWithdrawn => State != MessageState.Active;
}
