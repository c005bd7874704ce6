using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>
/// A named group of members (e.g. "schengen"), in party order. Regions are an addressing shorthand in the
/// signed directory; a member may belong to several, and a region may name parties not (yet) enrolled.
/// </summary>
internal sealed record RegionRecord(string Name, IReadOnlyList<PartyId> Members)
{
    public bool Contains(PartyId party) => Members.Contains(party);

    public override string ToString() => $"{Name} ({Members.Count} members)";
}
