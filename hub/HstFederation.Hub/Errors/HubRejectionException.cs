using Grpc.Core;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Errors;

/// <summary>An expected refusal: leaves the hub as its gRPC status plus a RejectionDetail trailer.</summary>
internal sealed class HubRejectionException(StatusCode status, RejectionReason reason, string detail, TimeSpan? retryAfter = null) : Exception(detail)
{
    public StatusCode Status { get; } = status;

    public RejectionReason Reason { get; } = reason;

    /// <summary>Set for refusals that a later retry can overcome (backpressure).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>For SequenceReused: the highest sequence the hub accepted from the sender (RejectionDetail.highest_accepted_sequence).</summary>
    public long HighestAcceptedSequence { get; private init; }

    /// <summary>
    /// When a caller refused for the hub's stale CRL (TrustDataStale) should try again: the hub re-reads the CRL file every
    /// Hub:RevocationListRefresh (a minute by default), so a renewed CRL is in use within about this long.
    /// </summary>
    public static TimeSpan TrustDataStaleRetryAfter { get; } = TimeSpan.FromMinutes(1);

    public static HubRejectionException From(Rejection rejection) => Of(rejection.Reason, rejection.Detail);

    /// <summary>SequenceReused, naming the highest sequence the hub accepted from the sender, above which it may number again.</summary>
    public static HubRejectionException SequenceReused(string detail, long highestAccepted) =>
        new(StatusFor(RejectionReason.SequenceReused), RejectionReason.SequenceReused, detail) { HighestAcceptedSequence = highestAccepted };

    /// <summary>A refusal with the one status of its reason (<see cref="StatusFor"/>), and for TrustDataStale when to retry.</summary>
    public static HubRejectionException Of(RejectionReason reason, string detail) =>
        new(StatusFor(reason), reason, detail, reason == RejectionReason.TrustDataStale ? TrustDataStaleRetryAfter : null);

    /// <summary>One status per reason, so clients can decide to retry on the status alone.</summary>
    public static StatusCode StatusFor(RejectionReason reason) => reason switch
    {
        RejectionReason.SizeLimitExceeded or RejectionReason.RateLimited => StatusCode.ResourceExhausted,
        RejectionReason.PermissionDenied or RejectionReason.TransportIdentityMismatch or RejectionReason.SenderNotActive
            or RejectionReason.ForwardNotPermitted or RejectionReason.NotSource => StatusCode.PermissionDenied,
        RejectionReason.Replay => StatusCode.AlreadyExists,
        RejectionReason.TrustDataStale or RejectionReason.Unavailable or RejectionReason.StorageFull => StatusCode.Unavailable,
        RejectionReason.SequenceJump or RejectionReason.CreatedTooLongAgo or RejectionReason.Expired or RejectionReason.CreatedInFuture => StatusCode.FailedPrecondition,
        RejectionReason.UnknownCursor or RejectionReason.HitUnknown or RejectionReason.MessageUnknown => StatusCode.NotFound,
        // Lifecycle refusals that depend on the message's current state (docs/lifecycle.md): retrying the same request
        // cannot succeed, but another one can.
        RejectionReason.MessageWithdrawn or RejectionReason.RestrictionLoosens or RejectionReason.UpdateInvalid
            or RejectionReason.RetentionInvalid => StatusCode.FailedPrecondition,
        RejectionReason.Internal => StatusCode.Internal,
        _ => StatusCode.InvalidArgument,
    };
}
