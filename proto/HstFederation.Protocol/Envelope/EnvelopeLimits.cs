namespace HstFederation.Protocol.Envelope;

/// <summary>Hard bounds checked before any expensive work, so hostile input costs little.</summary>
public sealed class EnvelopeLimits
{
    public static EnvelopeLimits Default { get; } = new();

    /// <summary>Whole serialized envelope.</summary>
    public int MaxEnvelopeBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Serialized content before encryption.</summary>
    public int MaxContentBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>195 members plus the hub, with room to grow.</summary>
    public int MaxRecipients { get; init; } = 256;

    public int MaxForwards { get; init; } = 16;

    /// <summary>Certificates are a few hundred bytes; anything larger is not ours.</summary>
    public int MaxCertificateBytes { get; init; } = 4096;
}
