using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Agency;

/// <summary>The verdict on an agency client certificate: its identity when valid, otherwise the problem and why.</summary>
internal sealed record AgencyCertificateCheck(AgencyId? Agency, AgencyCertificateProblem Problem, string Detail)
{
    public bool IsValid => Agency is not null;

    public static AgencyCertificateCheck Valid(AgencyId agency) => new(agency, AgencyCertificateProblem.None, agency.Uri);

    public static AgencyCertificateCheck Invalid(AgencyCertificateProblem problem, string detail) => new(null, problem, detail);
}
