using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>Thrown only where a caller explicitly asks for a value (<c>GetValueOrThrow</c>).</summary>
public sealed class EnvelopeRejectedException(Rejection rejection) : Exception(rejection.ToString())
{
    public Rejection Rejection { get; } = rejection;

    public RejectionReason Reason => Rejection.Reason;
}
