using System.Security.Cryptography.X509Certificates;

namespace HstFederation.Node.Agency;

/// <summary>
/// How the node names one agency certificate for a block: its serial number, in one normal form (upper-case hex of the DER
/// INTEGER's content, leading 00 bytes stripped) used by the CLI, the store and the checks. The serial is part of what the
/// national CA signed; the certificate's DER is not unique (an ECDSA signature (r, s) verifies as (r, n − s) too, so the
/// holder of a certificate can re-encode it under another whole-certificate hash). Every agency certificate is issued
/// directly by the one national CA (<see cref="AgencyTrust"/>), so the serial names exactly one certificate at this node.
/// </summary>
internal static class AgencyCertificateSerial
{
    /// <summary>RFC 5280 §4.1.2.2: a conforming CA's serial is at most 20 octets.</summary>
    public const int MaxBytes = 20;

    public static string Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Normalize(certificate.SerialNumberBytes.Span);
    }

    /// <summary>
    /// A serial as an operator copies it: hex digits, colons and spaces allowed, optionally as <c>openssl x509 -noout -serial</c>
    /// prints it (<c>serial=ABCD…</c>); false for anything else.
    /// </summary>
    public static bool TryParse(string? text, out string serial)
    {
        serial = string.Empty;
        var digits = text?.Trim();
        if (digits is null)
        {
            return false;
        }

        if (digits.StartsWith("serial=", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits["serial=".Length..];
        }

        digits = digits.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (digits.Length == 0 || !digits.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        var bytes = Convert.FromHexString(digits.Length % 2 == 0 ? digits : "0" + digits);
        if (bytes.AsSpan().TrimStart((byte)0).Length > MaxBytes)
        {
            return false;
        }

        serial = Normalize(bytes);
        return true;
    }

    /// <summary>True when <paramref name="serial"/> is already in the normal form (the store refuses anything else).</summary>
    public static bool IsNormal(string? serial) =>
        serial is { Length: > 0 } && TryParse(serial, out var normal) && string.Equals(normal, serial, StringComparison.Ordinal);

    /// <summary>Upper-case hex, leading 00 bytes stripped (a serial of zero is "00").</summary>
    private static string Normalize(ReadOnlySpan<byte> content)
    {
        var trimmed = content.TrimStart((byte)0);
        return trimmed.IsEmpty ? "00" : Convert.ToHexString(trimmed);
    }
}
