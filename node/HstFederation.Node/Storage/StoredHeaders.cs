using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>The signed header of an envelope as stored (verified when it was received), and the retention date it names.</summary>
internal static class StoredHeaders
{
    public static EnvelopeHeader Header(byte[] envelope) => EnvelopeHeader.Parser.ParseFrom(Envelope.Parser.ParseFrom(envelope).Header);

    public static long? RetainUntilMs(EnvelopeHeader header) => RetainUntilMs(header.Handling);

    public static long? RetainUntilMs(Handling? handling) =>
        handling?.RetainUntil is { } until ? Protocol.Envelope.ProtoTimestamps.ToUnixMilliseconds(until) : null;
}
