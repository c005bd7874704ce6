namespace HstFederation.DevPki.Crypto;

/// <summary>Hand-built SPKI and PKCS#8 encodings of Ed25519 (1.3.101.112) and X25519 (1.3.101.110) keys (RFC 8410).</summary>
internal static class CurveKeyEncoding
{
    public const byte Ed25519 = 0x70;
    public const byte X25519 = 0x6E;

    /// <summary>30 2A 30 05 06 03 2B 65 xx 03 21 00 || key.</summary>
    public static byte[] SubjectPublicKeyInfo(byte algorithm, ReadOnlySpan<byte> publicKey) =>
        [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, algorithm, 0x03, 0x21, 0x00, .. publicKey];

    /// <summary>30 2E 02 01 00 30 05 06 03 2B 65 xx 04 22 04 20 || key.</summary>
    public static byte[] Pkcs8(byte algorithm, ReadOnlySpan<byte> privateKey) =>
        [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, algorithm, 0x04, 0x22, 0x04, 0x20, .. privateKey];
}
