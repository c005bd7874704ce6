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

    /// <summary>Serialized header: 256 recipients take about 35 KiB.</summary>
    public int MaxHeaderBytes { get; init; } = 64 * 1024;

    /// <summary>Serialized forward record (with its consent) or consent.</summary>
    public int MaxForwardRecordBytes { get; init; } = 64 * 1024;

    /// <summary>Entries in each addressee list (members, regions, excluded members).</summary>
    public int MaxAddressees { get; init; } = 300;

    /// <summary>
    /// Longest allowed span from created_at to expires_at. It also bounds how far a signer can
    /// backdate: an envelope must be unexpired now, so it was created at most this long ago.
    /// </summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Certificates are a few hundred bytes; anything larger is not ours.</summary>
    public int MaxCertificateBytes { get; init; } = 4096;
}
