using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>Records what each of a node's Submit calls carried; while <see cref="Unreachable"/> is set, Submit fails before reaching the hub.</summary>
internal sealed class SubmitTokens : Interceptor
{
    private readonly ConcurrentQueue<SubmitRequest> _requests = new();
    private volatile bool _unreachable;

    public bool Unreachable
    {
        get => _unreachable;
        set => _unreachable = value;
    }

    public IReadOnlyList<SubmitRequest> Requests => [.. _requests];

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is not SubmitRequest submit)
        {
            return continuation(request, context);
        }

        _requests.Enqueue(submit.Clone());
        if (!_unreachable)
        {
            return continuation(request, context);
        }

        var down = new Status(StatusCode.Unavailable, "test: the hub is unreachable");
        return new AsyncUnaryCall<TResponse>(Task.FromException<TResponse>(new RpcException(down)), Task.FromResult(new Metadata()), () => down, () => [], () => { });
    }
}
