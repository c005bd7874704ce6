namespace HstFederation.Hub.Storage;

/// <summary>
/// Members and regions read in one snapshot, with the directory serial that increases with every change
/// (every enroll, status change and region definition bumps it in the same transaction): everything the
/// signed MemberDirectory needs except the issue and expiry times and the hub's signature.
/// </summary>
internal sealed record DirectorySnapshot(long Serial, IReadOnlyList<MemberRecord> Members, IReadOnlyList<RegionRecord> Regions)
{
    public MemberRecord? Find(Protocol.Identities.PartyId party) => Members.FirstOrDefault(member => member.Party == party);

    public override string ToString() => $"directory serial {Serial}: {Members.Count} members, {Regions.Count} regions";
}
