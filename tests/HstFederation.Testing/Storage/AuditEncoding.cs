using System.Buffers.Binary;

namespace HstFederation.Testing.Storage;

/// <summary>
/// The pieces of an audit entry's hashed encoding, written out by hand (AuditChain's documented layout: big-endian
/// integers, length-prefixed fields), so the hub's and the node's tests pin the stored hashes independently of the code.
/// </summary>
public static class AuditEncoding
{
    public static byte[] U64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] Field(ReadOnlySpan<byte> value)
    {
        var bytes = new byte[4 + value.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value.Length);
        value.CopyTo(bytes.AsSpan(4));
        return bytes;
    }
}
