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

/// <summary>
/// The senders' loops (the outbox, the order outbox) while every pass fails where the call's own retries cannot see it
/// (before any submit, or after the call): they back off (<see cref="PassBackoff"/>).
/// </summary>
public sealed class HubLinkPassBackoffTests : HubLinkTestBase
{
    private static readonly HubLinkOptions Production = new()
    {
        RetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromMinutes(5), SubmitAttempts = 6, PollInterval = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task Send_DirectoryExpiredAndHubAway_PassesBackOff_NotOneFetchAndOneWarningEveryPollInterval()
    {
        // The node's clock is fake (the hub's is not): the loop's waits are waited out by moving it on, a second at a time.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var fetches = new DirectoryFetches(time);
        await using var node = TestNode.Create(Hub, "ES", time, Production, fetches);
        var directory = await node.Directory.RefreshAsync(CancellationToken.None);
        await Hub.StopAsync();
        time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(directory.ExpiresAtMs) + TimeSpan.FromSeconds(1));
        await node.EnqueueAsync("DE");
        var before = fetches.Times.Count;

        using var stop = new CancellationTokenSource();
        var sender = Task.Run(() => node.Sender.RunAsync(stop.Token));
        try
        {
            for (var attempt = 1; attempt <= 8; attempt++)
            {
                await AdvanceUntilAsync(time, () => fetches.Times.Count >= before + attempt, $"fetch attempt {attempt}");
            }
        }
        finally
        {
            await stop.CancelAsync();
            // The loop ends as serve stops it, by its token.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender);
        }

        // A hub away for days (the directory expired meanwhile) is a long outage: the attempts space out as every other
        // retry of the hub link does, rather than one failed fetch (and one warning with its stack) every poll interval.
        AssertSpacedOut(fetches.Times.Skip(before).Take(8).ToList(), "failed directory fetches");
    }

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
        AssertSpacedOut(calls.Times.Take(8).ToList(), "lifecycle calls");
        Assert.Equal(IssuedOrder.Queued, (await node.Store.IssuedOrderAsync(order.OrderId))!.State);
    }

    /// <summary>Eight attempts a second apart would span seven seconds; spaced out, they span more than a minute.</summary>
    private static void AssertSpacedOut(IReadOnlyList<DateTimeOffset> times, string what)
    {
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        Assert.True(times[^1] - times[0] >= TimeSpan.FromMinutes(1),
            $"{times.Count} {what} within {(times[^1] - times[0]).TotalSeconds} s of the node's clock (gaps {string.Join(", ", gaps.Select(g => g.TotalSeconds + " s"))})");
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

    /// <summary>When (on the node's clock) each GetDirectory call left.</summary>
    private sealed class DirectoryFetches(TimeProvider time) : Interceptor
    {
        private readonly ConcurrentQueue<DateTimeOffset> _times = new();

        public IReadOnlyList<DateTimeOffset> Times => [.. _times];

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (request is GetDirectoryRequest)
            {
                _times.Enqueue(time.GetUtcNow());
            }

            return continuation(request, context);
        }
    }

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
