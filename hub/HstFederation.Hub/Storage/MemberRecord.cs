using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>A member as the registry holds it: status and the DER certificates of its current message keys.</summary>
internal sealed record MemberRecord(
    PartyId Party,
    MemberStatus Status,
    byte[] SigningCertificate,
    byte[] EncryptionCertificate,
    long UpdatedAtMs)
{
    public bool IsActive => Status == MemberStatus.Active;

    public override string ToString() => $"{Party} {Status}";
}
