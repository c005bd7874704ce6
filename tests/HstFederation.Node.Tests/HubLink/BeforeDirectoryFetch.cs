using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// Runs the step given to <see cref="Once"/> to its end before the node's next member directory fetch goes to the hub:
/// another writer's step (e.g. a cancel) placed deterministically between the sender's read of its queue and its refusal.
/// </summary>
internal sealed class BeforeDirectoryFetch : Interceptor
{
    private Func<Task>? _step;

    public void Once(Func<Task> step) => _step = step;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is GetDirectoryRequest && Interlocked.Exchange(ref _step, null) is { } step)
        {
            // The caller awaits the directory: blocking its call here holds the sender exactly at this point.
            step().GetAwaiter().GetResult();
        }

        return continuation(request, context);
    }
}
