using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// A delivery numbered with a cursor the hub never assigns (above 2^63-1, the largest the node stores, or 0): the
/// subscription is dropped and taken up again, the subscriber goes on, and the stored cursor stays where it was.
/// </summary>
public sealed class HubLinkHostileCursorTests : HubLinkTestBase
{
    [Theory]
    [InlineData(ulong.MaxValue)]
    [InlineData(0UL)]
    public async Task Delivery_WithACursorTheHubNeverAssigns_DropsTheSubscription_NotTheSubscriber(ulong forged)
    {
        var rewrite = new FirstDeliveryCursor(forged);
        await using var it = TestNode.Create(Hub, "IT", interceptor: rewrite);
        await Fr.EnqueueAsync("IT");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        using var stop = new CancellationTokenSource();
        var subscriber = Task.Run(() => it.Subscriber.RunAsync(stop.Token));
        await Eventually.TrueAsync(() => Task.FromResult(rewrite.Subscriptions >= 2 || subscriber.IsCompleted), "IT subscribes again after the forged cursor");

        Assert.False(subscriber.IsFaulted, $"the subscriber stopped: {subscriber.Exception?.InnerException?.GetType().Name}: {subscriber.Exception?.InnerException?.Message}");
        // Taken up again, the same delivery comes with its own cursor: stored, acknowledged, and the cursor moves to it.
        await Eventually.TrueAsync(async () => await it.Store.GetCursorAsync() > 0, "IT stores and acknowledges the delivery at its real cursor");
        Assert.Equal(1, it.Count("SELECT COUNT(*) FROM inbox;"));
        await stop.CancelAsync();
        await subscriber;
    }

    /// <summary>Rewrites the cursor of the first delivery of the first Subscribe stream to <paramref name="cursor"/>.</summary>
    private sealed class FirstDeliveryCursor(ulong cursor) : Interceptor
    {
        private int _subscriptions;

        public int Subscriptions => Volatile.Read(ref _subscriptions);

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
        {
            var call = continuation(request, context);
            if (request is not SubscribeRequest || Interlocked.Increment(ref _subscriptions) != 1)
            {
                return call;
            }

            return new AsyncServerStreamingCall<TResponse>(
                new Rewriting<TResponse>(call.ResponseStream, cursor), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
        }

        private sealed class Rewriting<TResponse>(IAsyncStreamReader<TResponse> inner, ulong cursor) : IAsyncStreamReader<TResponse>
        {
            private bool _rewritten;

            public TResponse Current { get; private set; } = default!;

            public async Task<bool> MoveNext(CancellationToken cancellationToken)
            {
                if (!await inner.MoveNext(cancellationToken))
                {
                    return false;
                }

                Current = inner.Current;
                if (!_rewritten && Current is Delivery delivery)
                {
                    _rewritten = true;
                    var forged = delivery.Clone();
                    forged.Cursor = cursor;
                    Current = (TResponse)(object)forged;
                }

                return true;
            }
        }
    }
}
