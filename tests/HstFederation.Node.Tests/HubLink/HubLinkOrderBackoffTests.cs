using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Node.HubLink;
using HstFederation.Node.Lifecycle;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>The order sender's loop while every pass fails after its call (the hub's receipt does not verify): it backs off.</summary>
public sealed class HubLinkOrderBackoffTests : HubLinkTestBase
{
    private static readonly HubLinkOptions Production = new()
    {
        RetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromMinutes(5), SubmitAttempts = 6, PollInterval = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task Order_ReceiptNeverVerifies_PassesBackOff_NotOneCallToTheHubEveryPollInterval()
    {
        // The node's clock is fake (the hub's is not): the loop's waits are waited out by moving it on, a second at a time.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var calls = new ReceiptlessLifecycle(time);
        await using var node = TestNode.Create(Hub, "ES", time, Production, calls);
        var sent = await node.EnqueueAsync("DE");
        Assert.Equal(1, await node.Sender.RunOnceAsync(CancellationToken.None));
        var order = Assert.Single(await new OrderIssuer(node.Store, node.Credentials, time, SystemRandomSource.Instance).IssueAsync(
            sent.MessageId, new OrderRequest("recall", o => o.Recall = new RecallOrder { Reason = RecallReason.SentInError }),
            "operator:test", CancellationToken.None));

        using var stop = new CancellationTokenSource();
        var orders = Task.Run(() => node.Orders.RunAsync(stop.Token));
        try
        {
            for (var attempt = 1; attempt <= 8; attempt++)
            {
                await AdvanceUntilAsync(time, () => calls.Times.Count >= attempt, $"lifecycle call {attempt}");
            }
        }
        finally
        {
            await stop.CancelAsync();
            // The loop ends as serve stops it, by its token.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => orders);
        }

        // Each call succeeds and its answer cannot be recorded, so the call's own retries never see a failure: only the
        // loop can space the passes out, as the outbox's are, rather than call the hub every poll interval for days.
        var times = calls.Times.Take(8).ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        Assert.True(times[^1] - times[0] >= TimeSpan.FromMinutes(1),
            $"8 lifecycle calls within {(times[^1] - times[0]).TotalSeconds} s of the node's clock (gaps {string.Join(", ", gaps.Select(g => g.TotalSeconds + " s"))})");
        Assert.Equal(IssuedOrder.Queued, (await node.Store.IssuedOrderAsync(order.OrderId))!.State);
    }

    /// <summary>Moves <paramref name="time"/> on a second at a time until <paramref name="condition"/> holds.</summary>
    private static Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition, string what) =>
        Eventually.TrueAsync(
            () =>
            {
                if (condition())
                {
                    return Task.FromResult(true);
                }

                time.Advance(TimeSpan.FromSeconds(1));
                return Task.FromResult(false);
            },
            what);

    /// <summary>When (on the node's clock) each Lifecycle call left; its answer reaches the node without the hub's receipt.</summary>
    private sealed class ReceiptlessLifecycle(TimeProvider time) : Interceptor
    {
        private readonly ConcurrentQueue<DateTimeOffset> _times = new();

        public IReadOnlyList<DateTimeOffset> Times => [.. _times];

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            var call = continuation(request, context);
            if (request is not LifecycleRequest)
            {
                return call;
            }

            _times.Enqueue(time.GetUtcNow());
            return new AsyncUnaryCall<TResponse>(WithoutReceiptAsync(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
        }

        private static async Task<TResponse> WithoutReceiptAsync<TResponse>(Task<TResponse> response)
        {
            var answer = await response.ConfigureAwait(false);
            if (answer is LifecycleResponse lifecycle)
            {
                lifecycle.Receipt = null;
            }

            return answer;
        }
    }
}
