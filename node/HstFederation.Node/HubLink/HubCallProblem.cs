using Grpc.Core;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.HubLink;

/// <summary>How a failed call to the hub reads to an operator, and whether the hub was reached at all.</summary>
internal static class HubCallProblem
{
    /// <summary>
    /// A failure without the hub's own rejection trailer in the statuses a transport failure takes (what
    /// <see cref="HubConnection.ResetAfter"/> drops the channel for), or a deadline: no answer came from the hub. A refusal
    /// (PermissionDenied, a rate limit, the hub's storage full) is an answer.
    /// </summary>
    public static bool NotReached(RpcException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.StatusCode is StatusCode.DeadlineExceeded || IsTransportFailure(error, HubRejections.Read(error));
    }

    /// <summary>A status a transport failure takes, without the hub's rejection <paramref name="detail"/>: the channel is not to be trusted further.</summary>
    public static bool IsTransportFailure(RpcException error, RejectionDetail? detail)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.StatusCode is StatusCode.Unavailable or StatusCode.Unknown or StatusCode.Internal && detail is null;
    }

    /// <summary>
    /// "Unavailable: Error connecting to subchannel. (Connection refused)": the channel's own detail does not say why, the
    /// innermost cause does (refused, no route, the hub's certificate rejected), which is what the operator acts on.
    /// </summary>
    public static string Describe(RpcException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var cause = error.Status.DebugException;
        while (cause?.InnerException is { } inner)
        {
            cause = inner;
        }

        return $"{error.StatusCode}: {error.Status.Detail}" + (cause is null || cause.Message == error.Status.Detail ? string.Empty : $" ({cause.Message})");
    }
}
