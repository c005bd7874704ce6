using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>A verified envelope opened by one of its recipients: the HST message and its evidence.</summary>
public sealed class OpenedEnvelope
{
    private readonly byte[] _contentKey;

    internal OpenedEnvelope(VerifiedEnvelope verified, HstMessage message, byte[] contentKey)
    {
        Verified = verified;
        Message = message;
        _contentKey = contentKey;
    }

    public VerifiedEnvelope Verified { get; }

    public HstMessage Message { get; }

    /// <summary>Only the forwarder needs it, and only inside this assembly.</summary>
    internal ReadOnlySpan<byte> ContentKey => _contentKey;
}
