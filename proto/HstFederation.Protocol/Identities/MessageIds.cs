using System.Buffers.Binary;
using HstFederation.Protocol.Crypto;

namespace HstFederation.Protocol.Identities;

/// <summary>
/// Message ids are UUIDv7 (RFC 9562 §5.7): 48-bit Unix milliseconds, version 7, 74 random bits.
/// They sort by creation time, which keeps store indexes append-mostly.
/// </summary>
public static class MessageIds
{
    public const int Size = 16;

    public static byte[] NewId(DateTimeOffset now, IRandomSource random)
    {
        var id = new byte[Size];
        random.Fill(id.AsSpan(6));
        var millis = (ulong)now.ToUnixTimeMilliseconds();
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(time, millis);
        time[2..].CopyTo(id);
        id[6] = (byte)(0x70 | (id[6] & 0x0F));
        id[8] = (byte)(0x80 | (id[8] & 0x3F));
        return id;
    }

    public static bool IsValid(ReadOnlySpan<byte> id) =>
        id.Length == Size && (id[6] & 0xF0) == 0x70 && (id[8] & 0xC0) == 0x80;

    /// <summary>Canonical text form, e.g. <c>0192f3c4-5e6a-7b8c-9d0e-1f2a3b4c5d6e</c>.</summary>
    public static string Format(ReadOnlySpan<byte> id)
    {
        if (id.Length != Size)
        {
            throw new ArgumentException("A message id is 16 bytes.", nameof(id));
        }

        return new Guid(id, bigEndian: true).ToString("D");
    }

    public static bool TryParse(string? text, out byte[] id)
    {
        id = [];
        if (!Guid.TryParseExact(text, "D", out var guid))
        {
            return false;
        }

        var bytes = guid.ToByteArray(bigEndian: true);
        if (!IsValid(bytes))
        {
            return false;
        }

        id = bytes;
        return true;
    }
}
