using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Node.Audit;
using HstFederation.Node.Sending;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Agency;

/// <summary>
/// Translates every failure of an agency call into a gRPC status with a google.rpc.Status carrying an
/// ErrorInfo (reason, domain, correlation id) and, for invalid messages, a BadRequest with the field paths.
/// Over JSON the same google.rpc.Status is the response body. Unexpected exceptions reach the agency only as
/// "internal error" plus the correlation id: no message, stack trace, path or SQL; the details go to the log.
/// </summary>
internal sealed partial class AgencyErrorInterceptor(NodeStore store, ILogger<AgencyErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The agency went away (e.g. a search interrupted by its cancellation): no answer to give, no internal error.
            throw new RpcException(new Grpc.Core.Status(StatusCode.Cancelled, "cancelled by the client"));
        }
        catch (Exception e) when (e is not RpcException)
        {
            await AuditAsync(e, context);
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
            // The agency went away; nothing to report.
        }
        catch (Exception e) when (e is not RpcException)
        {
            await AuditAsync(e, context);
            throw Translate(e, context);
        }
    }

    /// <summary>
    /// Audits the refusal of a call by an authorized agency (an invalid request or message). Refusals before
    /// authorization are audited by <see cref="AgencyAuthorizationInterceptor"/>; a message, hit or product not found
    /// is audited by the handler as a read, a refused release by the releaser, a search too broad by the store as a search;
    /// calls past the agency's limits (TOO_MANY_CALLS, TOO_MANY_STREAMS, TOO_MANY_SEARCHES) or the node's (NODE_BUSY), store and
    /// internal failures are logged, not audited.
    /// </summary>
    private async Task AuditAsync(Exception exception, ServerCallContext context)
    {
        if (!AgencyCaller.TryOf(context, out var caller))
        {
            return;
        }

        var detail = exception switch
        {
            // Audited by the handler: a miss as a read, a release's outcome by the releaser with the hit and the reason.
            AgencyException { Reason: AgencyReasons.MessageNotFound or AgencyReasons.HitNotFound or AgencyReasons.ProductNotFound
                or AgencyReasons.ReleaseRefused or AgencyReasons.HubUnavailable or AgencyReasons.SearchTooBroad } => null,
            // Audited by AgencyAuthorizationInterceptor when a stream's re-check refuses the caller it first let in.
            AgencyException { Reason: AgencyReasons.CertificateBlocked or AgencyReasons.AgencyNotRegistered or AgencyReasons.AgencyDisabled
                or AgencyReasons.OutOfScope } => null,
            // Logged, not audited: a flood of calls past the limit must not become a flood of writes on the single writer.
            AgencyException { Reason: AgencyReasons.TooManyCalls or AgencyReasons.TooManyStreams or AgencyReasons.TooManySearches
                or AgencyReasons.NodeBusy } => null,
            AgencyException refusal => $"{context.Method} {refusal.Reason}" + Fields(refusal.Fields),
            SendRefusedException refused => $"{context.Method} {(refused.Errors.Count > 0 || refused.InnerException is null ? AgencyReasons.InvalidRequest : AgencyReasons.CannotQueue)}"
                + Fields(refused.Errors),
            RequestIdReusedException => $"{context.Method} {AgencyReasons.RequestIdReused}",
            SubmissionStoppedException => $"{context.Method} {AgencyReasons.SubmissionStopped}",
            _ => null,
        };
        if (detail is not null)
        {
            var action = context.Method.EndsWith("/Submit", StringComparison.Ordinal) ? NodeAuditActions.SubmitRefused : NodeAuditActions.Denied;
            await store.AuditAsync(caller.Actor, action, null, detail, caller.Certificate, CancellationToken.None);
        }
    }

    /// <summary>The field paths only: never the values or the explanations, which may quote content.</summary>
    private static string Fields(IReadOnlyList<Protocol.Validation.FieldError> fields) =>
        fields.Count == 0 ? string.Empty : " at " + string.Join(",", fields.Take(10).Select(f => f.Path.Length == 0 ? "message" : f.Path));

    private RpcException Translate(Exception exception, ServerCallContext context) =>
        Describe(exception, context.Method, context.GetHttpContext().TraceIdentifier).ToRpcException();

    /// <summary>
    /// The status <paramref name="exception"/> of a call to <paramref name="method"/> leaves as, logged: here for gRPC calls, and
    /// for the calls refused before their request was read (<see cref="AgencyCallGate"/>), so both log and answer alike.
    /// </summary>
    public Google.Rpc.Status Describe(Exception exception, string method, string correlationId)
    {
        switch (exception)
        {
            case AgencyException refusal:
                LogRefused(logger, method, refusal.Reason, correlationId);
                return Build(refusal.Status, refusal.Reason, refusal.Message, correlationId, refusal.Fields);
            case SendRefusedException refused when refused.Errors.Count > 0 || refused.InnerException is null:
                LogRefused(logger, method, AgencyReasons.InvalidRequest, correlationId);
                return Build(StatusCode.InvalidArgument, AgencyReasons.InvalidRequest, refused.Message, correlationId,
                    [.. refused.Errors.Select(e => e with { Path = "message" + (e.Path.Length == 0 ? "" : "." + e.Path) })]);
            case SendRefusedException refused:
                LogRefused(logger, method, AgencyReasons.CannotQueue, correlationId);
                return Build(StatusCode.FailedPrecondition, AgencyReasons.CannotQueue, refused.Message, correlationId, []);
            case RequestIdReusedException reused:
                LogRequestIdReused(logger, method, reused.LocalId, correlationId);
                return Build(StatusCode.AlreadyExists, AgencyReasons.RequestIdReused, reused.Message, correlationId, []);
            case SubmissionStoppedException stopped:
                LogSubmissionStopped(logger, method, stopped.LocalId, correlationId);
                return Build(StatusCode.FailedPrecondition, AgencyReasons.SubmissionStopped, stopped.Message, correlationId, []);
            case NodeStoreUnavailableException:
                LogStoreUnavailable(logger, exception, method, correlationId);
                return Build(StatusCode.Unavailable, AgencyReasons.StoreUnavailable, "the node's store is unavailable; nothing was queued; retry later", correlationId, []);
            default:
                LogInternal(logger, exception, method, correlationId);
                return Build(StatusCode.Internal, AgencyReasons.Internal, "internal error", correlationId, []);
        }
    }

    private static Google.Rpc.Status Build(StatusCode code, string reason, string message, string correlationId, IReadOnlyList<Protocol.Validation.FieldError> fields) =>
        AgencyStatus.Create(code, reason, message, correlationId, fields);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Agency call {Method} refused: {Reason} (correlation id {CorrelationId})")]
    private static partial void LogRefused(ILogger logger, string method, string reason, string correlationId);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Agency call {Method} refused: REQUEST_ID_REUSED, the request id names outbox #{LocalId} with another request (correlation id {CorrelationId})")]
    private static partial void LogRequestIdReused(ILogger logger, string method, long localId, string correlationId);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Information, Message = "Agency call {Method} refused: SUBMISSION_STOPPED, the request id names outbox #{LocalId}, cancelled or purged before it was sent (correlation id {CorrelationId})")]
    private static partial void LogSubmissionStopped(ILogger logger, string method, long localId, string correlationId);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Store unavailable during agency call {Method} (correlation id {CorrelationId})")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception, string method, string correlationId);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Error, Message = "Internal error in agency call {Method} (correlation id {CorrelationId})")]
    private static partial void LogInternal(ILogger logger, Exception exception, string method, string correlationId);
}
