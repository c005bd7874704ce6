using System.Net.Sockets;
using Grpc.Core;
using HstFederation.Hub.Errors;

namespace HstFederation.LoadGenerator.Load;

/// <summary>
/// Which failed submissions are sent again, and under which label they are counted. Resubmitting the same
/// sealed envelope is idempotent at the hub (a repeat returns the same receipt), so every failure that is
/// not a refusal of the envelope itself may be retried:
/// <list type="bullet">
/// <item>a refusal the hub marks as retriable (ResourceExhausted or Unavailable with a rejection detail):
/// "status/reason", e.g. "ResourceExhausted/RateLimited";</item>
/// <item>ResourceExhausted without a detail (a transport-level flow-control refusal): "ResourceExhausted/";</item>
/// <item>a transport failure without a hub reason (Unavailable, or Internal/Unknown/Cancelled whose cause is
/// the connection: HTTP/2 STREAM_CLOSED, a reset connection, a request that could not be sent):
/// "status/transport".</item>
/// </list>
/// Anything else (a hub refusal with a reason other than the retriable ones, or an Internal error that is
/// not the transport's) fails the scenario, because every planned envelope is valid.
/// </summary>
internal static class SubmitRetry
{
    public const string TransportLabel = "transport";

    private static readonly string[] TransportMarkers =
    [
        "STREAM_CLOSED", "HTTP/2", "connection reset", "connection was reset", "connection refused", "broken pipe",
        "Error starting gRPC call", "error occurred while sending the request", "response ended prematurely",
        "connection was closed", "closed the connection", "Connection aborted", "GOAWAY",
    ];

    /// <summary>The retry label of a failed submission, or null when it must not be retried.</summary>
    public static string? Classify(RpcException exception)
    {
        var detail = RejectionTrailer.Read(exception);
        if (detail is not null)
        {
            // The hub answered with its reason: only its retriable refusals are sent again.
            return exception.StatusCode is StatusCode.ResourceExhausted or StatusCode.Unavailable
                ? $"{exception.StatusCode}/{detail.Reason}"
                : null;
        }

        return exception.StatusCode switch
        {
            StatusCode.ResourceExhausted => $"{exception.StatusCode}/",
            StatusCode.Unavailable => $"{exception.StatusCode}/{TransportLabel}",
            StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled when IsTransport(exception) => $"{exception.StatusCode}/{TransportLabel}",
            _ => null,
        };
    }

    private static bool IsTransport(RpcException exception)
    {
        for (Exception? cause = exception.Status.DebugException; cause is not null; cause = cause.InnerException)
        {
            if (cause is IOException or HttpRequestException or SocketException)
            {
                return true;
            }
        }

        var text = exception.Status.Detail ?? string.Empty;
        return TransportMarkers.Any(marker => text.Contains(marker, StringComparison.OrdinalIgnoreCase));
    }
}
