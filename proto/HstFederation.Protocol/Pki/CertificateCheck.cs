namespace HstFederation.Protocol.Pki;

/// <summary>The outcome of validating one certificate: the certified key, or the problem.</summary>
public sealed class CertificateCheck
{
    private CertificateCheck(CertifiedKey? key, CertificateProblem problem, string detail)
    {
        Key = key;
        Problem = problem;
        Detail = detail;
    }

    public CertifiedKey? Key { get; }

    public CertificateProblem Problem { get; }

    /// <summary>Operator-readable explanation; never contains key material.</summary>
    public string Detail { get; }

    public bool IsValid => Problem == CertificateProblem.None;

    public static CertificateCheck Valid(CertifiedKey key) => new(key, CertificateProblem.None, "valid");

    public static CertificateCheck Invalid(CertificateProblem problem, string detail) => new(null, problem, detail);
}
