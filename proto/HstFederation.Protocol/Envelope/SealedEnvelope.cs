using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>A finished envelope: the bytes to transmit and what the source keeps about it.</summary>
public sealed class SealedEnvelope
{
    internal SealedEnvelope(byte[] bytes, EnvelopeHeader header, byte[] headerSha256)
    {
        Bytes = bytes;
        Header = header;
        HeaderSha256 = headerSha256;
    }

    /// <summary>The serialized <see cref="V1.Envelope"/>, exactly as it must travel.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    public EnvelopeHeader Header { get; }

    public ReadOnlyMemory<byte> MessageId => Header.MessageId.Memory;

    public ReadOnlyMemory<byte> HeaderSha256 { get; }
}
