namespace HstFederation.Protocol.Envelope;

public sealed class SealOptions
{
    /// <summary>The sender's next per-sender sequence number (1, 2, 3 … without gaps).</summary>
    public required ulong Sequence { get; init; }

    /// <summary>How long the envelope may still be delivered; not the retention date.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromDays(30);
}
