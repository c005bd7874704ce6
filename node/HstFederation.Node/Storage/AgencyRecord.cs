using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Storage;

/// <summary>
/// One row of the agency scope table. <see cref="AgencyId"/> is the NCB's short name for the agency (the
/// audit actor is "agency:" + it); <see cref="CertificateIdentity"/> is the URI SAN its certificates carry.
/// A <see cref="Disabled"/> agency is refused on every call.
/// </summary>
internal sealed record AgencyRecord(
    string AgencyId,
    string DisplayName,
    AgencyId CertificateIdentity,
    AgencyScope Scope,
    bool Disabled,
    long CreatedAtMs,
    long UpdatedAtMs)
{
    public const string ActorPrefix = "agency:";

    /// <summary>The audit actor for this agency's calls: "agency:" + its id.</summary>
    public string Actor => ActorPrefix + AgencyId;
}
