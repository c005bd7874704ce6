using Google.Protobuf;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// A verified envelope decrypted by one of its recipients, whatever its content type: what a member does with the
/// hub's hit notifications and analytical products (<see cref="EnvelopeOpener.OpenContent(VerifiedEnvelope, Pki.PartyCredentials)"/>).
/// </summary>
public sealed class OpenedContent
{
    internal OpenedContent(VerifiedEnvelope verified, byte[] plaintext)
    {
        Verified = verified;
        Plaintext = plaintext;
    }

    public VerifiedEnvelope Verified { get; }

    /// <summary>The signed header's content type, e.g. "hst.v1.HitNotification".</summary>
    public string ContentType => Verified.Header.ContentType;

    /// <summary>The decrypted, serialized content.</summary>
    public ReadOnlyMemory<byte> Plaintext { get; }

    /// <summary>
    /// The content as <typeparamref name="T"/>, strictly (no unknown fields), provided the signed content type is
    /// <typeparamref name="T"/>'s full name; otherwise MalformedContent.
    /// </summary>
    public EnvelopeResult<T> Parse<T>(MessageParser<T> parser)
        where T : class, IMessage<T>, new()
    {
        var expected = new T().Descriptor.FullName;
        if (ContentType != expected)
        {
            return new Rejection(RejectionReason.MalformedContent, $"the content is {ContentType}, not {expected}");
        }

        return StrictParser.TryParse(parser, Plaintext.Span, out var content, out var problem)
            ? EnvelopeResult<T>.Success(content)
            : new Rejection(RejectionReason.MalformedContent, "content " + problem);
    }
}
