using Grpc.Core;
using Grpc.Core.Interceptors;

namespace HstFederation.Node.HubLink;

/// <summary>
/// Sees how every call of `serve` to the hub ends (the sender's, the subscriber's, the directory's) and tells
/// <see cref="HubLinkState"/>: one place, so that no loop has to report on the link and none can forget to. A unary call
/// counts when its answer or failure comes; a stream (Subscribe) when its headers come or it fails before them.
/// </summary>
internal sealed class HubLinkObserver(HubLinkState state) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var call = continuation(request, context);
        Observe(call.ResponseAsync);
        return call;
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var call = continuation(request, context);
        Observe(call.ResponseHeadersAsync);
        return call;
    }

    /// <summary>A continuation rather than an await: the caller's own handling of the call stays as it was.</summary>
    private void Observe(Task outcome) =>
        outcome.ContinueWith(static (ended, observer) => ((HubLinkObserver)observer!).Ended(ended), this, CancellationToken.None,
            TaskContinuationOptions.None, TaskScheduler.Default);

    private void Ended(Task ended)
    {
        if (ended.IsCompletedSuccessfully)
        {
            state.Answered();
            return;
        }

        // Reading Exception also marks it observed: a stream's headers nobody awaited must not surface as unobserved. Neither a
        // call this node cancelled (stopping, a timeout of its own) nor a channel another part dropped under the call
        // (ObjectDisposedException, HubConnection.Reset) says anything of the hub.
        if (ended.Exception?.InnerException is RpcException { StatusCode: not StatusCode.Cancelled } error)
        {
            if (HubCallProblem.NotReached(error))
            {
                state.NotReached(HubCallProblem.Describe(error));
            }
            else
            {
                state.Answered();
            }
        }
    }
}
