using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Node.HubLink;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>The outbox sender's loop while a pass keeps failing before any submit (nothing to seal with): it backs off.</summary>
public sealed class HubLinkOutboxBackoffTests : HubLinkTestBase
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
        var times = fetches.Times.Skip(before).Take(8).ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        Assert.True(times[^1] - times[0] >= TimeSpan.FromMinutes(1),
            $"8 failed directory fetches within {(times[^1] - times[0]).TotalSeconds} s of the node's clock (gaps {string.Join(", ", gaps.Select(g => g.TotalSeconds + " s"))})");
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
}
