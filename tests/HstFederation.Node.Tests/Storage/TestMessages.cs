using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Storage;

/// <summary>Outbox items and received envelopes with distinct, deterministic ids and recognisable bytes.</summary>
internal static class TestMessages
{
    public const string FR = "hst://ncb/FR";
    public const string DE = "hst://ncb/DE";
    public const string IT = "hst://ncb/IT";
    public const string Agency = "agency:fr-police-judiciaire";

    /// <summary>A 16-byte id whose last eight bytes are <paramref name="n"/> (UUIDv7-shaped enough for the store).</summary>
    public static byte[] Id(long n)
    {
        var id = new byte[16];
        id[6] = 0x70;
        BinaryPrimitives.WriteInt64BigEndian(id.AsSpan(8), n);
        return id;
    }

    public static OutboxItem Outgoing(long n, params string[] addressees) =>
        new(Id(n), Agency, Encoding.UTF8.GetBytes($"case {n}"), addressees.Length == 0 ? [DE, IT] : addressees);

    /// <summary>An outbox item whose plaintext is <paramref name="message"/>, as the submitter queues it.</summary>
    public static OutboxItem Outgoing(long n, HstMessage message, params string[] addressees) =>
        Outgoing(n, addressees) with { Plaintext = message.ToByteArray() };

    /// <summary>A received envelope whose decrypted plaintext is <paramref name="message"/>.</summary>
    public static ReceivedEnvelope Incoming(string sender, long n, long sequence, HstMessage message) =>
        Incoming(sender, n, sequence) with { Plaintext = message.ToByteArray() };

    /// <summary>A received envelope numbered <paramref name="sequence"/> both in the header and in this node's recipient entry.</summary>
    public static ReceivedEnvelope Incoming(string sender, long n, long sequence) =>
        new(sender, Id(n), sequence, Filled(32, (byte)n), Encoding.UTF8.GetBytes($"envelope {n}"),
            Encoding.UTF8.GetBytes($"plaintext {n}"), 0) { RecipientSequence = sequence };

    public static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();
}
