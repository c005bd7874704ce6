using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// Records where each of a node's Subscribe calls starts (its after_cursor) and the cursors each of its Acknowledge calls
/// carries, and runs <see cref="BeforeNextAcknowledge"/> once, on the caller's thread, as the next Acknowledge call leaves:
/// a hook into the moment the subscriber flushes its acknowledgements, which it does before it decides on a quarantine.
/// </summary>
internal sealed class SubscriptionRecorder : Interceptor
{
    private readonly ConcurrentQueue<ulong> _subscriptions = new();
    private readonly ConcurrentQueue<IReadOnlyList<ulong>> _acknowledgements = new();
    private Action? _beforeNextAcknowledge;

    /// <summary>The after_cursor of each Subscribe call, in order.</summary>
    public IReadOnlyList<ulong> Subscriptions => [.. _subscriptions];

    /// <summary>The cursors of each Acknowledge call, in order.</summary>
    public IReadOnlyList<IReadOnlyList<ulong>> Acknowledgements => [.. _acknowledgements];

    /// <summary>Runs once, before the next Acknowledge call goes to the hub.</summary>
    public Action? BeforeNextAcknowledge
    {
        set => Volatile.Write(ref _beforeNextAcknowledge, value);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is SubscribeRequest subscribe)
        {
            _subscriptions.Enqueue(subscribe.AfterCursor);
        }

        return continuation(request, context);
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is AcknowledgeRequest acknowledge)
        {
            Interlocked.Exchange(ref _beforeNextAcknowledge, null)?.Invoke();
            _acknowledgements.Enqueue([.. acknowledge.Acknowledgements.Select(a => a.Cursor)]);
        }

        return continuation(request, context);
    }
}
