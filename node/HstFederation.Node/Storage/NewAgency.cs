using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Storage;

/// <summary>
/// An agency to register (NodeStore.AddAgencyAsync). <see cref="AgencyId"/> follows the agency-name rule
/// (1–63 of [a-z0-9-], no leading or trailing hyphen); the scope defaults to none (default deny).
/// </summary>
internal sealed record NewAgency(string AgencyId, string DisplayName, AgencyId CertificateIdentity, AgencyScope? Scope = null)
{
    public void Validate()
    {
        if (!Protocol.Identities.AgencyId.IsValidName(AgencyId))
        {
            throw new ArgumentException($"'{AgencyId}' is not an agency id: 1-63 lower-case letters, digits and inner hyphens.", nameof(AgencyId));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(DisplayName);
        if (CertificateIdentity == default)
        {
            throw new ArgumentException("The certificate identity (urn:hst:agency:CC:name) is required.", nameof(CertificateIdentity));
        }
    }
}
