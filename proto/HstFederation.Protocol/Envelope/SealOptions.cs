namespace HstFederation.Protocol.Envelope;

public sealed class SealOptions
{
    /// <summary>The sender's next per-sender sequence number (1, 2, 3 … without gaps).</summary>
    public required ulong Sequence { get; init; }

    /// <summary>
    /// The message id to use (a 16-byte UUIDv7), when the caller fixed it earlier — e.g. a node's outbox,
    /// which hands the id to the agency before sealing. Null: a fresh UUIDv7 from the sealer's clock.
    /// </summary>
    public ReadOnlyMemory<byte>? MessageId { get; init; }

    /// <summary>How long the envelope may still be delivered; not the retention date.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromDays(30);
}
