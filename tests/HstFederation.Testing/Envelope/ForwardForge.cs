using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Testing.Envelope;

/// <summary>
/// Appends a forward record the way docs/protocol.md §7.2 describes, with no policy checks, so that
/// tests and vectors can show what a receiver does with a forward the real forwarder would refuse.
/// </summary>
public static class ForwardForge
{
    public static byte[] Append(
        OpenedEnvelope opened, PartyCredentials signer, IReadOnlyList<CertifiedKey> add, DateTimeOffset at, IRandomSource random,
        SignedConsent? consent = null, byte[]? contentKey = null, ulong addedSequence = 0)
    {
        var verified = opened.Verified;
        var envelope = verified.Envelope.Clone();
        var record = new ForwardRecord
        {
            Version = verified.Header.Version,
            MessageId = verified.Header.MessageId,
            HeaderSha256 = ByteString.CopyFrom(verified.HeaderSha256.Span),
            PreviousRecordSha256 = envelope.Forwards.Count == 0 ? ByteString.Empty : ByteString.CopyFrom(SHA256.HashData(envelope.Forwards[^1].Record.Span)),
            Forwarder = signer.Party.Uri,
            ForwarderKeyId = ByteString.CopyFrom(signer.Signing.KeyId.Span),
            ForwardedAtMs = at.ToUnixTimeMilliseconds(),
            Consent = consent,
        };
        var messageId = verified.Header.MessageId.ToByteArray();
        foreach (var key in add)
        {
            var wrap = RecipientWraps.Create(key, contentKey ?? opened.ContentKey.ToArray(), messageId, random);
            wrap.Sequence = addedSequence;
            record.AddedRecipients.Add(wrap);
        }


        var bytes = record.ToByteArray();
        envelope.Forwards.Add(new SignedForward
        {
            Record = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(Signatures.Sign(signer.SigningKeyPair, Signatures.ForwardRecordLabel, bytes)),
            ForwarderCertificate = ByteString.CopyFrom(signer.Signing.CertificateDer.Span),
        });
        return envelope.ToByteArray();
    }
}
