using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Node.HubLink;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// Drops the node's shared channel (<see cref="HubConnection.Reset"/>) at awkward moments, as the sender or the
/// directory cache does after a failed call of its own: right after an Acknowledge returns (the subscriber is then
/// between two reads of its stream), or just before a Submit goes out on it.
/// </summary>
internal sealed class ChannelResets : Interceptor
{
    private int _resets;
    private int _beforeSubmit;

    public HubConnection? Connection { get; set; }

    public bool AfterAcknowledge { get; set; }

    /// <summary>How many of the next Submit calls find their channel dropped just before they go out.</summary>
    public int BeforeSubmit
    {
        get => Volatile.Read(ref _beforeSubmit);
        set => Volatile.Write(ref _beforeSubmit, value);
    }

    public int Resets => Volatile.Read(ref _resets);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (Connection is not { } connection)
        {
            return continuation(request, context);
        }

        if (request is SubmitRequest && Interlocked.Decrement(ref _beforeSubmit) >= 0)
        {
            Reset(connection);
            return continuation(request, context);
        }

        if (request is not AcknowledgeRequest || !AfterAcknowledge)
        {
            return continuation(request, context);
        }

        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(ResetAfterAsync(call.ResponseAsync, connection), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<TResponse> ResetAfterAsync<TResponse>(Task<TResponse> response, HubConnection connection)
    {
        var result = await response;
        Reset(connection);
        return result;
    }

    private void Reset(HubConnection connection)
    {
        connection.Reset(connection.Client);
        Interlocked.Increment(ref _resets);
    }
}
