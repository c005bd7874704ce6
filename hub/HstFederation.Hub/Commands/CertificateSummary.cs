using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HstFederation.Protocol.Crypto;

namespace HstFederation.Hub.Commands;

/// <summary>What `members` shows of a stored certificate: key id (protocol §3), serial and validity. No trust check.</summary>
internal sealed record CertificateSummary(string KeyId, string Serial, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    public static CertificateSummary Of(byte[] der)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            var publicKey = certificate.PublicKey.EncodedKeyValue.RawData;
            return new CertificateSummary(
                Convert.ToHexStringLower(KeyIds.Compute(publicKey)),
                certificate.SerialNumber,
                new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
                new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
        }
        catch (CryptographicException)
        {
            return new CertificateSummary("(unreadable)", string.Empty, DateTimeOffset.MinValue, DateTimeOffset.MinValue);
        }
    }
}
