using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// An envelope whose every signed part has been verified against the federation root: the header
/// by its source, each forward by its forwarder, the audience by the handling. The content is still
/// encrypted; <see cref="EnvelopeOpener"/> opens it for a recipient.
/// </summary>
public sealed class VerifiedEnvelope
{
    internal VerifiedEnvelope(
        ReadOnlyMemory<byte> bytes, V1.Envelope envelope, EnvelopeHeader header, byte[] headerSha256,
        CertifiedKey sender, IReadOnlyList<VerifiedForward> forwards, IReadOnlyList<Recipient> audience)
    {
        Bytes = bytes;
        Envelope = envelope;
        Header = header;
        HeaderSha256 = headerSha256;
        Sender = sender;
        Forwards = forwards;
        Audience = audience;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    public V1.Envelope Envelope { get; }

    public EnvelopeHeader Header { get; }

    public ReadOnlyMemory<byte> HeaderSha256 { get; }

    public ReadOnlyMemory<byte> MessageId => Header.MessageId.Memory;

    public PartyId SenderParty => Sender.Party;

    public CertifiedKey Sender { get; }

    public IReadOnlyList<VerifiedForward> Forwards { get; }

    /// <summary>The source's recipients followed by those added by forwards, each with its key wrap.</summary>
    public IReadOnlyList<Recipient> Audience { get; }

    public bool IsAddressedTo(PartyId party) => Audience.Any(r => r.Party == party.Uri);
}
