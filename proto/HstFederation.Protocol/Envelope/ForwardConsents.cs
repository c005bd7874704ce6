using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>The source's signed permission for the hub to forward an H2 message to named parties.</summary>
public static class ForwardConsents
{
    public static SignedConsent Grant(SealedEnvelope sent, IEnumerable<PartyId> grantedTo, PartyCredentials source, DateTimeOffset at) =>
        Grant(sent.MessageId.Span, sent.HeaderSha256.Span, grantedTo, source, at);

    public static SignedConsent Grant(ReadOnlySpan<byte> messageId, ReadOnlySpan<byte> headerSha256, IEnumerable<PartyId> grantedTo, PartyCredentials source, DateTimeOffset at)
    {
        var consent = new ForwardConsent
        {
            Version = ProtocolVersions.Current,
            MessageId = ByteString.CopyFrom(messageId),
            HeaderSha256 = ByteString.CopyFrom(headerSha256),
            GrantedAtMs = at.ToUnixTimeMilliseconds(),
        };
        consent.GrantedTo.AddRange(grantedTo.Select(p => p.Uri));
        var bytes = consent.ToByteArray();
        return new SignedConsent
        {
            Consent = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(Signatures.Sign(source.SigningKeyPair, Signatures.ForwardConsentLabel, bytes)),
            SignerCertificate = ByteString.CopyFrom(source.Signing.CertificateDer.Span),
        };
    }
}
