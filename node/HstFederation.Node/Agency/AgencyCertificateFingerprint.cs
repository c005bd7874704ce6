using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HstFederation.Node.Agency;

/// <summary>
/// How the node names one agency certificate: the SHA-256 of its DER, as <c>openssl x509 -fingerprint -sha256</c> prints
/// it (colons and either case accepted on input, 64 lower-case hex digits on output). The block list is keyed by it.
/// </summary>
internal static class AgencyCertificateFingerprint
{
    public const int HexLength = 64;

    public static byte[] Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SHA256.HashData(certificate.RawData);
    }

    /// <summary>64 hex digits, optionally separated by colons (AB:CD:…); false for anything else.</summary>
    public static bool TryParse(string? text, out byte[] sha256)
    {
        sha256 = [];
        var digits = text?.Replace(":", string.Empty, StringComparison.Ordinal);
        if (digits is not { Length: HexLength } || !digits.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        sha256 = Convert.FromHexString(digits);
        return true;
    }

    public static string Format(ReadOnlySpan<byte> sha256) => Convert.ToHexStringLower(sha256);
}
