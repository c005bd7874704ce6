using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// Makes a node's Submit calls fail on demand, as a crash at that point would look to the sender; every other call
/// goes through. <see cref="SubmitFault.BeforeTheHub"/>: the envelope never leaves (sealed and kept, not submitted).
/// <see cref="SubmitFault.ResponseLost"/>: the hub commits and answers, and the answer is lost (THREATS row 29).
/// </summary>
internal sealed class SubmitFaults : Interceptor
{
    private volatile SubmitFault _mode;

    public SubmitFault Mode
    {
        get => _mode;
        set => _mode = value;
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var mode = _mode;
        if (request is not SubmitRequest || mode == SubmitFault.None)
        {
            return continuation(request, context);
        }

        var lost = new Status(StatusCode.Unavailable, $"test: {mode}");
        if (mode == SubmitFault.BeforeTheHub)
        {
            return new AsyncUnaryCall<TResponse>(
                Task.FromException<TResponse>(new RpcException(lost)), Task.FromResult(new Metadata()), () => lost, () => [], () => { });
        }

        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(LoseAsync(call.ResponseAsync, lost), call.ResponseHeadersAsync, () => lost, () => [], call.Dispose);
    }

    private static async Task<TResponse> LoseAsync<TResponse>(Task<TResponse> response, Status lost)
    {
        await response;
        throw new RpcException(lost);
    }
}
