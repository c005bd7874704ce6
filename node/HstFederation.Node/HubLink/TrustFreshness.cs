using HstFederation.Protocol.Pki;

namespace HstFederation.Node.HubLink;

/// <summary>
/// Whether this node's CRL can be used now: the test <see cref="FederationTrust.Validate"/> applies to every
/// certificate (none loaded, or now past nextUpdate + RevocationGrace: RevocationDataStale), asked of the trust itself:
/// a refusal while it holds says nothing about what was refused, only that this node cannot judge it yet.
/// </summary>
internal static class TrustFreshness
{
    /// <summary>Throws <see cref="TrustDataStaleException"/> when the CRL is unusable now.</summary>
    public static void ThrowIfStale(FederationTrust trust)
    {
        if (trust.StaleReason() is { } stale)
        {
            throw new TrustDataStaleException(stale);
        }
    }
}
