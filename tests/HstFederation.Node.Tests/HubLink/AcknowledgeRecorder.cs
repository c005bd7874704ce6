using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>Records every Acknowledge call a node makes to the hub (the calls still go through).</summary>
internal sealed class AcknowledgeRecorder : Interceptor
{
    private readonly ConcurrentQueue<AcknowledgeRequest> _calls = new();

    public IReadOnlyList<AcknowledgeRequest> Calls => [.. _calls];

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is AcknowledgeRequest acknowledge)
        {
            _calls.Enqueue(acknowledge.Clone());
        }

        return continuation(request, context);
    }
}
