namespace HstFederation.DevPki;

/// <summary>Deviations for agency and agency-API server certificates (tests mint expired ones). Null keeps the default.</summary>
public sealed class NationalCertificateOptions
{
    public DateTimeOffset? NotBefore { get; init; }

    public DateTimeOffset? NotAfter { get; init; }
}
