using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// A verified, decrypted delivery for the inbox: the envelope bytes as received (evidence), the decrypted
/// HstMessage bytes, the sender's party URI, its sequence (the header's, over all of the sender's messages),
/// the header hash, and how many forward records the envelope carried.
/// </summary>
internal sealed record ReceivedEnvelope(
    string Sender,
    byte[] MessageId,
    long Sequence,
    byte[] HeaderHash,
    byte[] Envelope,
    byte[] Plaintext,
    int Forwards)
{
    /// <summary>
    /// This node's number in the sender's count of messages to it (its header Recipient entry's sequence,
    /// docs/protocol.md §4), which the inbox checks for gaps; 0 when the node is not numbered (it was added by a
    /// forward). Read from the envelope, not kept in the inbox row.
    /// </summary>
    public long RecipientSequence { get; init; }

    /// <summary>
    /// EnvelopeHeader.content_type of <see cref="Plaintext"/>: an HST message, or what the hub itself sends (hit
    /// notifications, analytical products; Intelligence/HubContent.cs), which is stored but never indexed as a message.
    /// </summary>
    public string ContentType { get; init; } = ProtocolVersions.HstMessageContentType;

    /// <summary>The signed header's lineage: this envelope is a new version of an earlier message (docs/lifecycle.md §2).</summary>
    public Lineage? Lineage { get; init; }

    /// <summary>The signed header's handling.retain_until in Unix milliseconds; null when the header sets none.</summary>
    public long? RetainUntilMs { get; init; }

    public bool IsHstMessage => ContentType == ProtocolVersions.HstMessageContentType;

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Sender);
        ArgumentNullException.ThrowIfNull(MessageId);
        ArgumentNullException.ThrowIfNull(HeaderHash);
        ArgumentNullException.ThrowIfNull(Envelope);
        ArgumentNullException.ThrowIfNull(Plaintext);
        ArgumentException.ThrowIfNullOrEmpty(ContentType);
        ArgumentOutOfRangeException.ThrowIfLessThan(Sequence, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(Forwards);
        ArgumentOutOfRangeException.ThrowIfNegative(RecipientSequence);
        if (MessageId.Length != 16)
        {
            throw new ArgumentException("The message id must be 16 bytes (UUIDv7).", nameof(MessageId));
        }
    }
}
