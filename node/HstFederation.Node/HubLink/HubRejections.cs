using Google.Protobuf;
using Grpc.Core;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.HubLink;

/// <summary>Reads the hub's <see cref="RejectionDetail"/> trailer and decides whether a refusal is worth retrying.</summary>
internal static class HubRejections
{
    public const string TrailerKey = "hst-rejection-bin";

    public static RejectionDetail? Read(RpcException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var entry = error.Trailers.Get(TrailerKey);
        if (entry is null || !entry.IsBinary)
        {
            return null;
        }

        try
        {
            return RejectionDetail.Parser.ParseFrom(entry.ValueBytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>
    /// Transport failures, backpressure and an unavailable hub (also one whose own CRL is stale: UNAVAILABLE,
    /// TrustDataStale) are retried. A refusal of the envelope itself (including an over-size one, which is
    /// RESOURCE_EXHAUSTED too) is final, and so is UNAUTHENTICATED: the hub refusing this node's own certificate
    /// (revoked or expired on a connection opened before), which no retry mends.
    /// </summary>
    public static bool IsRetriable(RpcException error, RejectionDetail? detail) => error.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Cancelled or StatusCode.Unknown => true,
        StatusCode.ResourceExhausted => detail?.Reason != RejectionReason.SizeLimitExceeded,
        StatusCode.Internal => detail is null || detail.Reason == RejectionReason.Internal,
        _ => false,
    };

    /// <summary>
    /// The hub's hint, at most <paramref name="max"/> (the node's own longest backoff): a hint past it (a hub's bug, or an
    /// answer from something that is not the hub) would hold the outbox for as long as it says, and one past TimeSpan's
    /// range would throw out of the sender's loop and stop `serve` at every start.
    /// </summary>
    public static TimeSpan? RetryAfter(RejectionDetail? detail, TimeSpan max) =>
        detail is { RetryAfterMs: > 0 } ? TimeSpan.FromMilliseconds(Math.Min(detail.RetryAfterMs, (long)max.TotalMilliseconds)) : null;
}
