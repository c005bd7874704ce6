using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Security;

/// <summary>The registry's current view of a party (unknown parties are Unspecified).</summary>
internal interface IMemberStatus
{
    ValueTask<MemberStatus> StatusOfAsync(PartyId party, CancellationToken cancellationToken);
}
