namespace HstFederation.Node.HubLink;

/// <summary>
/// This node's own revocation data is unusable (no CRL, or past its nextUpdate plus RevocationGrace): no certificate
/// can be judged, so nothing is verified or sealed. A condition of this node, not of the message or delivery at hand:
/// retried with backoff until a fresh CRL is installed, never a quarantine or a refusal (<see cref="TrustFreshness"/>).
/// </summary>
internal sealed class TrustDataStaleException : Exception
{
    public TrustDataStaleException()
    {
    }

    public TrustDataStaleException(string message)
        : base(message)
    {
    }

    public TrustDataStaleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
