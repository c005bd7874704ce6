using System.Text;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace HstFederation.Protocol.Crypto;

/// <summary>
/// Ed25519 over <c>label || 0x00 || message</c>. Every signed object has its own label, so a
/// signature made for one purpose can never be replayed as another.
/// </summary>
internal static class Signatures
{
    public const int SignatureSize = 64;

    public static readonly byte[] EnvelopeHeaderLabel = Label("HST/v1/envelope-header");
    public static readonly byte[] ForwardRecordLabel = Label("HST/v1/forward-record");
    public static readonly byte[] ForwardConsentLabel = Label("HST/v1/forward-consent");
    public static readonly byte[] AcceptanceReceiptLabel = Label("HST/v1/acceptance-receipt");
    public static readonly byte[] DeliveryReceiptLabel = Label("HST/v1/delivery-receipt");
    public static readonly byte[] MemberDirectoryLabel = Label("HST/v1/member-directory");

    public static byte[] Sign(ReadOnlySpan<byte> seed, byte[] label, ReadOnlySpan<byte> message)
    {
        var input = Concat(label, message);
        var signature = new byte[SignatureSize];
        Ed25519.Sign(seed.ToArray(), 0, input, 0, input.Length, signature, 0);
        return signature;
    }

    public static bool Verify(ReadOnlySpan<byte> publicKey, byte[] label, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize || publicKey.Length != KeyPairs.KeySize)
        {
            return false;
        }

        var input = Concat(label, message);
        return Ed25519.Verify(signature.ToArray(), 0, publicKey.ToArray(), 0, input, 0, input.Length);
    }

    private static byte[] Label(string text)
    {
        var bytes = new byte[Encoding.ASCII.GetByteCount(text) + 1];
        Encoding.ASCII.GetBytes(text, bytes);
        return bytes; // the trailing 0x00 separates label from message
    }

    private static byte[] Concat(byte[] label, ReadOnlySpan<byte> message)
    {
        var input = new byte[label.Length + message.Length];
        label.CopyTo(input, 0);
        message.CopyTo(input.AsSpan(label.Length));
        return input;
    }
}
