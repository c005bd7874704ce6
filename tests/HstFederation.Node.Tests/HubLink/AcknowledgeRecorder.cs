using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// Records every Acknowledge call a node makes to the hub. The calls go through, except the first
/// <paramref name="failFirst"/>, which fail as an unreachable hub would (recorded too, without reaching the hub).
/// </summary>
internal sealed class AcknowledgeRecorder(int failFirst = 0) : Interceptor
{
    private readonly ConcurrentQueue<AcknowledgeRequest> _calls = new();
    private int _seen;

    public IReadOnlyList<AcknowledgeRequest> Calls => [.. _calls];

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is not AcknowledgeRequest acknowledge)
        {
            return continuation(request, context);
        }

        _calls.Enqueue(acknowledge.Clone());
        if (Interlocked.Increment(ref _seen) > failFirst)
        {
            return continuation(request, context);
        }

        var unavailable = new Status(StatusCode.Unavailable, "test: the hub is unreachable for this call");
        return new AsyncUnaryCall<TResponse>(
            Task.FromException<TResponse>(new RpcException(unavailable)), Task.FromResult(new Metadata()), () => unavailable, () => [], () => { });
    }
}
