using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.HubLink;

/// <summary>
/// What a hub-signed member directory must hold before this node keeps it: the signature says the hub sent it, not that
/// it makes sense. Each region named once (the handling policy is keyed by name: a name twice made every verification
/// throw), each region name and member code as the header's addressees spell them, each party once, and an expiry that is
/// a time after the issue. A directory that fails is refused like one that does not verify: the one held is kept.
/// </summary>
internal static class MemberDirectoryShape
{
    public static string? Problem(MemberDirectory directory)
    {
        var parties = new HashSet<string>(StringComparer.Ordinal);
        var regions = new HashSet<string>(StringComparer.Ordinal);
        return directory switch
        {
            _ when !UnixTime.IsValid(directory.ExpiresAtMs) || directory.ExpiresAtMs <= directory.IssuedAtMs =>
                "expires_at_ms is not a time after issued_at_ms",
            _ when directory.Members.Any(m => !PartyId.TryParse(m.Party, out _) || !parties.Add(m.Party)) =>
                "a member's party is not a party URI, or is listed twice",
            _ when directory.Regions.Any(r => !HandlingPolicy.IsValidRegionName(r.Name) || !regions.Add(r.Name)) =>
                "a region name is not 1-64 letters, digits, '-' or '_', or is listed twice",
            _ when directory.Regions.Any(r => !r.Members.All(CountryCodes.IsAssigned)) =>
                "a region lists a member that is not an ISO 3166-1 alpha-2 code",
            _ => null,
        };
    }
}
