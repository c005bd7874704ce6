using System.Security.Cryptography.X509Certificates;
using HstFederation.Hosting;
using HstFederation.Node.Hosting;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Agency;

/// <summary>
/// The agency listener's <see cref="ConnectionGate{TPeer}"/>, the hub listener's gate with the node's own settings:
/// handshakes counted by address (Node:AgencyMaxHandshakesPerAddress), established connections by agency
/// (Node:AgencyMaxConnectionsPerAgency), the agency read from its TLS client certificate. Without it any peer that
/// reaches the port could hold every connection the agencies need (THREATS 30).
/// </summary>
internal static class AgencyConnections
{
    public static ConnectionGate<AgencyId> Gate(NodeOptions options, AgencyTrust trust, ILogger<ConnectionGate<AgencyId>> logger)
    {
        var limits = new ConnectionGateOptions(
            options.AgencyMaxHandshakesPerAddress, $"{NodeOptions.Section}:{nameof(NodeOptions.AgencyMaxHandshakesPerAddress)}",
            options.AgencyMaxConnectionsPerAgency, $"{NodeOptions.Section}:{nameof(NodeOptions.AgencyMaxConnectionsPerAgency)}");
        return new ConnectionGate<AgencyId>(limits, certificate => Identify(trust, certificate), trust.Time, logger);
    }

    /// <summary>
    /// The handshake accepted the certificate (<see cref="AgencyTls.Accept"/>, block list included); this reads which agency
    /// it names, judged again by the national CA so that a certificate that stopped passing since then is refused here
    /// rather than counted. The block list is not read again: every call reads it (<see cref="AgencyAuthorizationInterceptor"/>).
    /// </summary>
    private static PeerCheck<AgencyId> Identify(AgencyTrust trust, X509Certificate2? certificate)
    {
        var check = certificate is null ? null : trust.Validate(certificate);
        return check is { IsValid: true, Agency: { } agency }
            ? PeerCheck<AgencyId>.Accept(agency)
            : PeerCheck<AgencyId>.Refuse((check?.Problem ?? AgencyCertificateProblem.Malformed).ToString(), check?.Detail ?? "no client certificate");
    }
}
