using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intelligence;

/// <summary>
/// The signed header of a stored envelope. The hub stores only envelopes it verified (the canonical re-encoding), so
/// reading the header back needs no second verification; a row that does not parse is reported, not trusted.
/// </summary>
internal static class StoredHeaders
{
    public static EnvelopeHeader? TryRead(byte[] envelope)
    {
        try
        {
            return EnvelopeHeader.Parser.ParseFrom(Envelope.Parser.ParseFrom(envelope).Header);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    public static EnvelopeHeader Read(byte[] envelope) =>
        TryRead(envelope) ?? throw new InvalidOperationException("A stored envelope's header does not parse.");
}
