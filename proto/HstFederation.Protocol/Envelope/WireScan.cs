using System.Runtime.InteropServices;
using Google.Protobuf;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// Counts the occurrences of one top-level field without materialising anything, so that a
/// 4 MiB envelope of tiny repeated entries is refused before the parser allocates millions of objects.
/// </summary>
internal static class WireScan
{
    /// <returns>The count, or -1 when the bytes are not well-formed protobuf.</returns>
    public static int CountField(ReadOnlyMemory<byte> bytes, int fieldNumber)
    {
        var segment = MemoryMarshal.TryGetArray(bytes, out var array) ? array : new ArraySegment<byte>(bytes.ToArray());
        using var input = new CodedInputStream(segment.Array!, segment.Offset, segment.Count);
        var count = 0;
        try
        {
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == fieldNumber)
                {
                    count++;
                }

                input.SkipLastField();
            }
        }
        catch (InvalidProtocolBufferException)
        {
            return -1;
        }

        return count;
    }
}
