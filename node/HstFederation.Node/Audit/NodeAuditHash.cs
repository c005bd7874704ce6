using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace HstFederation.Node.Audit;

/// <summary>
/// The hash of one audit entry, chaining it to the one before:
/// <code>
/// hash = SHA-256( "HST/v1/node-audit-entry" || 0x00
///               || u64be(seq) || i64be(at_ms)
///               || field(actor) || field(action) || optional(message_id) || field(detail)
///               || field(prev_hash) )
/// field(x)       = u32be(byte length of x) || x        (text as UTF-8)
/// optional(null) = 0xFFFFFFFF;  optional(x) = field(x)
/// </code>
/// Every variable field is length-prefixed, so no two different entries encode to the same bytes. The
/// first entry's prev_hash is 32 zero bytes.
/// </summary>
internal static class NodeAuditHash
{
    public const int Size = 32;

    private static readonly byte[] Label = Encoding.ASCII.GetBytes("HST/v1/node-audit-entry\0");

    public static byte[] Genesis => new byte[Size];

    public static byte[] Compute(
        long seq, long atMs, string actor, string action, ReadOnlySpan<byte> messageId, bool hasMessageId, string detail,
        ReadOnlySpan<byte> prevHash)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        hash.AppendData(Label);
        BinaryPrimitives.WriteInt64BigEndian(number, seq);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, atMs);
        hash.AppendData(number);
        AppendField(hash, Encoding.UTF8.GetBytes(actor));
        AppendField(hash, Encoding.UTF8.GetBytes(action));
        if (hasMessageId)
        {
            AppendField(hash, messageId);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(number, uint.MaxValue);
            hash.AppendData(number[..4]);
        }

        AppendField(hash, Encoding.UTF8.GetBytes(detail));
        AppendField(hash, prevHash);
        return hash.GetHashAndReset();
    }

    public static byte[] Compute(NodeAuditEntry entry, long seq) =>
        Compute(seq, entry.AtMs, entry.Actor, entry.Action, entry.MessageId, entry.MessageId is not null, entry.Detail, entry.PrevHash);

    private static void AppendField(IncrementalHash hash, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)value.Length);
        hash.AppendData(length);
        hash.AppendData(value);
    }
}
