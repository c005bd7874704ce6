using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace HstFederation.Testing.Envelope;

/// <summary>
/// The key derivations of docs/protocol.md §5–6 written again from the text, on BouncyCastle's HKDF
/// rather than the library's .NET one, so the forge (and the test vectors' intermediate values)
/// check the implementation instead of repeating it.
/// </summary>
internal static class SpecKdf
{
    public static byte[] ContentEncryptionKey(byte[] contentKey, byte[] messageId) =>
        Hkdf(contentKey, messageId, Ascii("HST/v1/content-encryption"));

    public static byte[] KeyCommitment(byte[] contentKey, byte[] messageId) =>
        Hkdf(contentKey, messageId, Ascii("HST/v1/key-commitment"));

    public static byte[] ContentAad(byte[] messageId) => [.. Ascii("HST/v1/content"), 0x00, .. messageId];

    public static byte[] WrapKey(byte[] shared, byte[] messageId, byte[] ephemeralPublic, byte[] recipientPublic, byte[] recipientKeyId, string party) =>
        Hkdf(shared, messageId, [.. Ascii("HST/v1/key-wrap"), 0x00, .. messageId, .. ephemeralPublic, .. recipientPublic, .. recipientKeyId, .. Encoding.UTF8.GetBytes(party)]);

    private static byte[] Hkdf(byte[] ikm, byte[] salt, byte[] info)
    {
        var generator = new HkdfBytesGenerator(new Sha256Digest());
        generator.Init(new HkdfParameters(ikm, salt, info));
        var output = new byte[32];
        generator.GenerateBytes(output, 0, output.Length);
        return output;
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
