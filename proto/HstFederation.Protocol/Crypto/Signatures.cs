using System.Buffers;
using System.Text;

namespace HstFederation.Protocol.Crypto;

/// <summary>
/// Ed25519 over <c>label || 0x00 || message</c>. Every signed object has its own label, so a
/// signature made for one purpose can never be replayed as another. The primitive is libsodium's
/// (<see cref="Curve25519"/>); the labelled input is assembled in a pooled buffer.
/// </summary>
internal static class Signatures
{
    public const int SignatureSize = Curve25519.SignatureSize;

    public static readonly byte[] EnvelopeHeaderLabel = Label("HST/v1/envelope-header");
    public static readonly byte[] ForwardRecordLabel = Label("HST/v1/forward-record");
    public static readonly byte[] ForwardConsentLabel = Label("HST/v1/forward-consent");
    public static readonly byte[] AcceptanceReceiptLabel = Label("HST/v1/acceptance-receipt");
    public static readonly byte[] DeliveryReceiptLabel = Label("HST/v1/delivery-receipt");
    public static readonly byte[] DeliveryReceiptBatchLabel = Label("HST/v1/delivery-receipt-batch");
    public static readonly byte[] MemberDirectoryLabel = Label("HST/v1/member-directory");
    public static readonly byte[] LifecycleOrderLabel = Label("HST/v1/lifecycle-order");
    public static readonly byte[] LifecycleConfirmationLabel = Label("HST/v1/lifecycle-confirmation");
    public static readonly byte[] LifecycleReceiptLabel = Label("HST/v1/lifecycle-receipt");
    public static readonly byte[] AuditHeadLabel = Label("HST/v1/audit-head");

    /// <param name="keyPair">The signer's seed ‖ public key as <see cref="Curve25519.Ed25519KeyPair"/>
    /// made it (<see cref="Pki.PartyCredentials.SigningKeyPair"/>), so that no signature pays for
    /// deriving the public key again.</param>
    public static byte[] Sign(ReadOnlySpan<byte> keyPair, byte[] label, ReadOnlySpan<byte> message)
    {
        if (keyPair.Length != Curve25519.Ed25519KeyPairSize)
        {
            throw new ArgumentException($"Expected a {Curve25519.Ed25519KeyPairSize}-byte Ed25519 key pair (seed and public key).", nameof(keyPair));
        }

        var signature = new byte[SignatureSize];
        var buffer = Labelled(label, message, out var length);
        try
        {
            Curve25519.Ed25519Sign(keyPair, buffer.AsSpan(0, length), signature);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return signature;
    }

    /// <summary>False, never an exception, for a wrong length, a malformed key or signature, or a mismatch.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, byte[] label, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize || publicKey.Length != KeyPairs.KeySize)
        {
            return false;
        }

        var buffer = Labelled(label, message, out var length);
        try
        {
            return Curve25519.Ed25519Verify(publicKey, buffer.AsSpan(0, length), signature);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Label(string text)
    {
        var bytes = new byte[Encoding.ASCII.GetByteCount(text) + 1];
        Encoding.ASCII.GetBytes(text, bytes);
        return bytes; // the trailing 0x00 separates label from message
    }

    /// <summary>label ‖ message in a rented array (signed bytes are not secret, so it goes back uncleared).</summary>
    private static byte[] Labelled(byte[] label, ReadOnlySpan<byte> message, out int length)
    {
        length = label.Length + message.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        label.CopyTo(buffer, 0);
        message.CopyTo(buffer.AsSpan(label.Length));
        return buffer;
    }
}
