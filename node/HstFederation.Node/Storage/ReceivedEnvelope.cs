namespace HstFederation.Node.Storage;

/// <summary>
/// A verified, decrypted delivery for the inbox: the envelope bytes as received (evidence), the decrypted
/// HstMessage bytes, the sender's party URI, its sequence, the header hash, and how many forward records
/// the envelope carried.
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
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Sender);
        ArgumentNullException.ThrowIfNull(MessageId);
        ArgumentNullException.ThrowIfNull(HeaderHash);
        ArgumentNullException.ThrowIfNull(Envelope);
        ArgumentNullException.ThrowIfNull(Plaintext);
        ArgumentOutOfRangeException.ThrowIfLessThan(Sequence, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(Forwards);
        if (MessageId.Length != 16)
        {
            throw new ArgumentException("The message id must be 16 bytes (UUIDv7).", nameof(MessageId));
        }
    }
}
