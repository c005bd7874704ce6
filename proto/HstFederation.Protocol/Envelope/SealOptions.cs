using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

public sealed class SealOptions
{
    /// <summary>The sender's next per-sender sequence number (1, 2, 3 … without gaps).</summary>
    public required ulong Sequence { get; init; }

    /// <summary>
    /// Per recipient (party URI), the sender's next count of messages to that party (1, 2, 3 … without
    /// gaps), sealed into its Recipient entry so the recipient can detect a dropped or reordered message.
    /// When given it must name every member recipient; the hub, which carries all of the sender's
    /// messages, may be left out and then gets <see cref="Sequence"/>. Null: every recipient gets
    /// <see cref="Sequence"/>, which is gap-free for a recipient only if every message goes to it.
    /// </summary>
    public IReadOnlyDictionary<string, ulong>? RecipientSequences { get; init; }

    /// <summary>
    /// The message id to use (a 16-byte UUIDv7), when the caller fixed it earlier — e.g. a node's outbox,
    /// which hands the id to the agency before sealing. Null: a fresh UUIDv7 from the sealer's clock.
    /// </summary>
    public ReadOnlyMemory<byte>? MessageId { get; init; }

    /// <summary>
    /// Set when the envelope is a new version of an earlier message of the same sender (docs/lifecycle.md §2); sealed
    /// into the signed header. Null for an original message.
    /// </summary>
    public Lineage? Lineage { get; init; }

    /// <summary>How long the envelope may still be delivered; not the retention date.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromDays(30);
}
