using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Errors;

/// <summary>
/// Translates every failure of a call into a status and a RejectionDetail with a correlation id.
/// Unexpected exceptions reach the client only as "internal error" plus the id: no message, stack
/// trace, path or SQL. The details go to the log under the same id.
/// </summary>
internal sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away; nothing to report.
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    private RpcException Translate(Exception exception, ServerCallContext context)
    {
        var (status, detail) = Describe(exception, context.Method, context.GetHttpContext().TraceIdentifier);
        return RejectionTrailer.ToRpcException(status, detail);
    }

    /// <summary>
    /// The status and RejectionDetail <paramref name="exception"/> of a call to <paramref name="method"/> leaves as, logged: here
    /// for a failure inside a call, and for a call refused before its request was read (<see cref="Security.MemberCallGate"/>),
    /// so both log and answer alike.
    /// </summary>
    public (StatusCode Status, RejectionDetail Detail) Describe(Exception exception, string method, string correlationId)
    {
        switch (exception)
        {
            case HubRejectionException rejection:
                LogRejected(logger, method, rejection.Reason, correlationId);
                var detail = Detail(rejection.Reason, rejection.Message, correlationId);
                detail.RetryAfterMs = (long)(rejection.RetryAfter?.TotalMilliseconds ?? 0);
                detail.HighestAcceptedSequence = (ulong)rejection.HighestAcceptedSequence;
                return (rejection.Status, detail);
            case StoreUnavailableException when StorageFaults.IsDiskFull(exception):
                // Not a verdict on the request: nothing was stored and no receipt given, so the sender keeps it and
                // retries (nodes back off on their own between passes); its own reason tells operators what to fix.
                LogStoreFull(logger, method, correlationId);
                var full = Detail(RejectionReason.StorageFull, "the hub's storage is full; nothing was stored; retry later", correlationId);
                full.RetryAfterMs = 1000;
                return (StatusCode.Unavailable, full);
            case StoreUnavailableException:
                LogStoreUnavailable(logger, exception, method, correlationId);
                var unavailable = Detail(RejectionReason.Unavailable, "storage unavailable; retry later", correlationId);
                unavailable.RetryAfterMs = 1000;
                return (StatusCode.Unavailable, unavailable);
            default:
                LogInternal(logger, exception, method, correlationId);
                return (StatusCode.Internal, Detail(RejectionReason.Internal, "internal error", correlationId));
        }
    }

    private static RejectionDetail Detail(RejectionReason reason, string detail, string correlationId) =>
        new() { Reason = reason, Detail = detail, CorrelationId = correlationId };

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Refused {Method}: {Reason} (correlation id {CorrelationId})")]
    private static partial void LogRejected(ILogger logger, string method, RejectionReason reason, string correlationId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Storage unavailable during {Method} (correlation id {CorrelationId})")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception, string method, string correlationId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Storage full during {Method}: refused as retriable (correlation id {CorrelationId})")]
    private static partial void LogStoreFull(ILogger logger, string method, string correlationId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Internal error in {Method} (correlation id {CorrelationId})")]
    private static partial void LogInternal(ILogger logger, Exception exception, string method, string correlationId);
}
