using System.Security.Cryptography;
using System.Text;

namespace HstFederation.DevPki.Crypto;

/// <summary>Every private key and serial number is HKDF-SHA-256(seed, info = label): same seed, same PKI.</summary>
internal static class KeyDerivation
{
    public static byte[] Derive(ReadOnlySpan<byte> seed, string label, int length = 32) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, seed.ToArray(), length, salt: Encoding.ASCII.GetBytes("HST dev PKI v1"), info: Encoding.UTF8.GetBytes(label));

    /// <summary>A positive 16-byte serial number whose first byte is never zero (so DER keeps all 16 bytes).</summary>
    public static byte[] SerialNumber(ReadOnlySpan<byte> seed, string label)
    {
        var serial = Derive(seed, label + "/serial", 16);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40);
        return serial;
    }
}
