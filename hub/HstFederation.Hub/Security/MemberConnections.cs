using System.Security.Cryptography.X509Certificates;
using HstFederation.Hosting;
using HstFederation.Hub.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;

namespace HstFederation.Hub.Security;

/// <summary>
/// The hub listener's <see cref="ConnectionGate{TPeer}"/>: handshakes counted by address (Hub:MaxHandshakesPerAddress),
/// established connections by member (Hub:MaxConnectionsPerMember), the member read from the TLS client certificate.
/// </summary>
internal static class MemberConnections
{
    public static ConnectionGate<PartyId> Gate(HubOptions options, FederationTrust trust, ILogger<ConnectionGate<PartyId>> logger)
    {
        var limits = new ConnectionGateOptions(
            options.MaxHandshakesPerAddress, $"{HubOptions.Section}:{nameof(HubOptions.MaxHandshakesPerAddress)}",
            options.MaxConnectionsPerMember, $"{HubOptions.Section}:{nameof(HubOptions.MaxConnectionsPerMember)}");
        return new ConnectionGate<PartyId>(limits, certificate => Identify(trust, certificate), trust.Time, logger);
    }

    /// <summary>
    /// The handshake accepted the certificate (FederationTls.Accept); this reads whose it is. The check is memoized by the
    /// certificate's hash, so only its time and CRL parts run again; should those now refuse it (a CRL loaded or gone stale
    /// since the handshake), the connection ends, as the next call's own check would end it.
    /// </summary>
    private static PeerCheck<PartyId> Identify(FederationTrust trust, X509Certificate2? certificate)
    {
        var check = certificate is null ? null : trust.Validate(certificate.RawData, CertificatePurpose.Tls, trust.Time.GetUtcNow());
        return check is { IsValid: true, Key: { } key }
            ? PeerCheck<PartyId>.Accept(key.Party)
            : PeerCheck<PartyId>.Refuse((check?.Problem ?? CertificateProblem.Malformed).ToString(), check?.Detail ?? "no client certificate");
    }
}
