using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Node.HubLink;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>Records how each of a node's Submit calls ended (the calls still go through): the status and the hub's reason.</summary>
internal sealed class SubmitRecorder : Interceptor
{
    private readonly ConcurrentQueue<(StatusCode Status, RejectionReason? Reason)> _outcomes = new();

    public IReadOnlyList<(StatusCode Status, RejectionReason? Reason)> Outcomes => [.. _outcomes];

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        if (request is not SubmitRequest)
        {
            return call;
        }

        return new AsyncUnaryCall<TResponse>(RecordAsync(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<TResponse> RecordAsync<TResponse>(Task<TResponse> response)
    {
        try
        {
            var result = await response;
            _outcomes.Enqueue((StatusCode.OK, null));
            return result;
        }
        catch (RpcException error)
        {
            _outcomes.Enqueue((error.StatusCode, HubRejections.Read(error)?.Reason));
            throw;
        }
    }
}
