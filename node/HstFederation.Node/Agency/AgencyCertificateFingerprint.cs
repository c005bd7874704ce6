using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HstFederation.Node.Agency;

/// <summary>
/// The SHA-256 of an agency certificate's DER, as <c>openssl x509 -fingerprint -sha256</c> prints it (64 lower-case hex
/// digits). Information only, kept with a block made from the certificate's file: a block is keyed by the serial
/// (<see cref="AgencyCertificateSerial"/>), because the same signed certificate has more than one DER.
/// </summary>
internal static class AgencyCertificateFingerprint
{
    public static byte[] Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SHA256.HashData(certificate.RawData);
    }

    public static string Format(ReadOnlySpan<byte> sha256) => Convert.ToHexStringLower(sha256);
}
