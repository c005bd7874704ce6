using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>One recipient entry (§6): the same construction for the source's recipients and a forward's.</summary>
internal static class RecipientWraps
{
    public static Recipient Create(CertifiedKey recipient, ReadOnlySpan<byte> contentKey, ReadOnlySpan<byte> messageId, IRandomSource random)
    {
        var (ephemeral, wrapped) = KeyWrapping.Wrap(contentKey, messageId, recipient.PublicKey.Span, recipient.KeyId.Span, recipient.Party.Uri, random);
        return new Recipient
        {
            Party = recipient.Party.Uri,
            KeyId = ByteString.CopyFrom(recipient.KeyId.Span),
            EphemeralPublicKey = ByteString.CopyFrom(ephemeral),
            WrappedKey = ByteString.CopyFrom(wrapped),
        };
    }
}
