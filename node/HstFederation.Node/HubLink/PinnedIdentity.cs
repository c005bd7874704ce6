using System.Buffers.Binary;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.HubLink;

/// <summary>
/// Makes <see cref="Protocol.Envelope.EnvelopeSealer"/> reuse the message id the outbox chose at enqueue time:
/// the sealer draws a fresh UUIDv7 from its clock and its random source, so the clock is pinned to the id's
/// millisecond and the first 10 random bytes are the id's own. The sender checks the sealed id afterwards,
/// so a change in the sealer fails loudly instead of sealing under another id. The sealer should take the
/// id as an option instead (reported).
/// </summary>
internal static class PinnedIdentity
{
    public static DateTimeOffset CreatedAt(ReadOnlySpan<byte> messageId)
    {
        Span<byte> time = stackalloc byte[8];
        messageId[..6].CopyTo(time[2..]);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)BinaryPrimitives.ReadUInt64BigEndian(time));
    }

    internal sealed class Clock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }

    internal sealed class Random(byte[] messageId) : IRandomSource
    {
        private bool _idGiven;

        public void Fill(Span<byte> destination)
        {
            if (!_idGiven && destination.Length == MessageIds.Size - 6)
            {
                _idGiven = true;
                messageId.AsSpan(6).CopyTo(destination);
                return;
            }

            SystemRandomSource.Instance.Fill(destination);
        }
    }
}
