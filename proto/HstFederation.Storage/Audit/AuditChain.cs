using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace HstFederation.Storage.Audit;

/// <summary>
/// One hash-chained audit log, named by its domain label (the hub's and the node's differ, so an entry of
/// one cannot be passed off as an entry of the other). The hash of one entry, chaining it to the one before:
/// <code>
/// hash = SHA-256( label || 0x00
///               || u64be(seq) || i64be(at_ms)
///               || field(actor) || field(action) || optional(message_id) || field(detail)
///               || field(prev_hash)
///               [ || field(certificate) ] )
/// field(x)       = u32be(byte length of x) || x        (text as UTF-8, the label as ASCII)
/// optional(null) = 0xFFFFFFFF;  optional(x) = field(x)
/// </code>
/// Every variable field is length-prefixed, so no two different entries encode to the same bytes. The
/// first entry's prev_hash is 32 zero bytes (<see cref="Genesis"/>). <c>certificate</c> (the serial of the TLS client
/// certificate a party's call came through, where the owner records one) is appended only when the entry has one: an
/// entry without it hashes exactly as entries did before the field existed, so older logs stay valid, and one with it
/// cannot pass for one without (its encoding is longer after the same prefix).
/// </summary>
public sealed class AuditChain
{
    public const int Size = 32;

    private readonly byte[] _label;

    /// <param name="label">The domain label, e.g. "HST/v1/audit-entry"; the terminating 0x00 is added here.</param>
    public AuditChain(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        Label = label;
        _label = Encoding.ASCII.GetBytes(label + "\0");
    }

    public string Label { get; }

    public static byte[] Genesis => new byte[Size];

    public byte[] Compute(
        long seq, long atMs, string actor, string action, ReadOnlySpan<byte> messageId, bool hasMessageId, string detail,
        ReadOnlySpan<byte> prevHash, string? certificate = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        hash.AppendData(_label);
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
        if (certificate is not null)
        {
            AppendField(hash, Encoding.UTF8.GetBytes(certificate));
        }

        return hash.GetHashAndReset();
    }

    /// <summary>The hash <paramref name="entry"/> would have if it had been written at <paramref name="seq"/>.</summary>
    public byte[] Compute(AuditEntry entry, long seq)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Compute(seq, entry.AtMs, entry.Actor, entry.Action, entry.MessageId, entry.MessageId is not null, entry.Detail, entry.PrevHash, entry.Certificate);
    }

    public override string ToString() => Label;

    private static void AppendField(IncrementalHash hash, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)value.Length);
        hash.AppendData(length);
        hash.AppendData(value);
    }
}
