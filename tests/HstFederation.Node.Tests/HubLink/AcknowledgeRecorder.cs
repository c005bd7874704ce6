using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>How the Acknowledge calls an <see cref="AcknowledgeRecorder"/> fails go wrong.</summary>
public enum AcknowledgeFailure
{
    /// <summary>The call never reaches the hub.</summary>
    Unreached,

    /// <summary>The hub takes the call, and its answer is lost on the way back.</summary>
    AnswerLost,
}

/// <summary>
/// Records every Acknowledge call a node makes to the hub. The calls go through, except the first
/// <paramref name="failFirst"/>, which fail as <paramref name="failure"/> says (and are recorded too).
/// </summary>
internal sealed class AcknowledgeRecorder(int failFirst = 0, AcknowledgeFailure failure = AcknowledgeFailure.Unreached) : Interceptor
{
    private static readonly Status Unavailable = new(StatusCode.Unavailable, "test: the connection to the hub failed");
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

        if (failure == AcknowledgeFailure.Unreached)
        {
            return new AsyncUnaryCall<TResponse>(
                Task.FromException<TResponse>(new RpcException(Unavailable)), Task.FromResult(new Metadata()), () => Unavailable, () => [], () => { });
        }

        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(LoseAnswerAsync(call.ResponseAsync), call.ResponseHeadersAsync, () => Unavailable, () => [], call.Dispose);
    }

    private static async Task<TResponse> LoseAnswerAsync<TResponse>(Task<TResponse> answer)
    {
        await answer;
        throw new RpcException(Unavailable);
    }
}
