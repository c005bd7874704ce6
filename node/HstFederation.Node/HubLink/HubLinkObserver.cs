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
        var number = state.CallStarted();
        var call = continuation(request, context);
        Observe(call.ResponseAsync, number);
        return call;
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var number = state.CallStarted();
        var call = continuation(request, context);
        Observe(call.ResponseHeadersAsync, number);
        return call;
    }

    /// <summary>A continuation rather than an await: the caller's own handling of the call stays as it was.</summary>
    private void Observe(Task outcome, long number) =>
        outcome.ContinueWith(static (ended, observed) => ((Observed)observed!).Ended(ended), new Observed(state, number), CancellationToken.None,
            TaskContinuationOptions.None, TaskScheduler.Default);

    /// <summary>One call: its number (<see cref="HubLinkState.CallStarted"/>) goes with its outcome.</summary>
    private sealed record Observed(HubLinkState State, long Number)
    {
        public void Ended(Task ended)
        {
            if (ended.IsCompletedSuccessfully)
            {
                State.Answered(Number);
                return;
            }

            // Reading Exception also marks it observed: a stream's headers nobody awaited must not surface as unobserved. Neither a
            // call this node cancelled (stopping, a timeout of its own) nor a channel another part dropped under the call
            // (ObjectDisposedException, HubConnection.Reset) says anything of the hub.
            if (ended.Exception?.InnerException is RpcException { StatusCode: not StatusCode.Cancelled } error)
            {
                if (HubCallProblem.NotReached(error))
                {
                    State.NotReached(HubCallProblem.Describe(error), Number);
                }
                else
                {
                    State.Answered(Number);
                }
            }
        }
    }
}
