namespace HstFederation.Protocol.Pki;

public sealed class TrustOptions
{
    /// <summary>How far a party's clock may run ahead of ours before its timestamps are refused.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after the CRL's nextUpdate it is still used. Past that, every validation fails
    /// with <see cref="CertificateProblem.RevocationDataStale"/>: trust data expires closed.
    /// </summary>
    public TimeSpan RevocationGrace { get; init; } = TimeSpan.FromHours(24);
}
