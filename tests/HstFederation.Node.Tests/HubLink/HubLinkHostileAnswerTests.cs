using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>A hub (or whatever answers as one) that answers Submit strangely must not stop, or stall, the node's outbox.</summary>
public sealed class HubLinkHostileAnswerTests : HubLinkTestBase
{
    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(10L * 24 * 3600 * 1000)]
    public async Task Submit_RetriableRefusalWithAbsurdRetryAfter_EndsThePassAsRetriable_WithoutThrowingOrWaitingForIt(long retryAfterMs)
    {
        var answers = new RetryAfterAnswers(retryAfterMs);
        var node = CreateNode("IT", interceptor: answers);
        try
        {
            var queued = await node.EnqueueAsync("DE");

            // The pass must end (the hub's hint capped at the node's own longest backoff), not throw out of the sender's loop
            // (which stops `serve`) nor sleep for the hub's hint.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var pass = node.Sender.RunOnceAsync(deadline.Token);
            Exception? thrown = null;
            try
            {
                Assert.Equal(0, await pass);
            }
            catch (Exception error)
            {
                thrown = error;
            }

            Assert.True(thrown is null, $"the pass threw {thrown?.GetType().Name}: {thrown?.Message}");
            Assert.Equal(TestNode.DefaultOptions.SubmitAttempts + 1, answers.Calls);
            Assert.Equal(OutboxState.Queued, (await node.Store.GetOutboxAsync(queued.LocalId))!.State);

            // Once the hub answers normally again, the same message goes through.
            answers.Answering = false;
            Assert.Equal(1, await node.Sender.RunOnceAsync(CancellationToken.None));
            Assert.Equal(OutboxState.Accepted, (await node.Store.GetOutboxAsync(queued.LocalId))!.State);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Submit_SequenceReusedAgainAfterRenumbering_ViaTheTokensRefusal_EndsRefused_NotNumberedAgainAndAgain()
    {
        // The tokens are refused (the same envelope goes again without them), then the number; numbered again above the hub's
        // highest and sealed again (with tokens anew), the same happens: a second SequenceReused of a message numbered again
        // in this attempt ends it refused (another node may be sending with this NCB's credentials), whichever path led there.
        var answers = new TokensThenSequenceAnswers();
        await using var node = TestNode.Create(Hub, "IT", interceptor: answers, matchingKeys: [Hub.Federation.MatchingKey]);
        var queued = await node.EnqueueAsync("DE");

        await node.Sender.RunOnceAsync(CancellationToken.None);

        var entry = (await node.Store.GetOutboxAsync(queued.LocalId))!;
        var renumbered = node.Count("SELECT COUNT(*) FROM audit WHERE action = 'renumbered';");
        Assert.True(renumbered == 1, $"numbered again {renumbered} times over {answers.Calls} submit calls; ended {entry.State} ({entry.RejectReason})");
        Assert.Equal((OutboxState.Rejected, nameof(RejectionReason.SequenceReused)), (entry.State, entry.RejectReason));
        Assert.Contains("another node may be sending", entry.RejectDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_TokensRefused_AfterTheMessageWasPurgedDuringTheCall_IsNotSentAgainWithoutThem()
    {
        TestNode? node = null;
        var answers = new TokensRefusedAfterPurge(localId => node!.PurgeAsTheSweepWould(localId));
        await using (node = TestNode.Create(Hub, "IT", interceptor: answers, matchingKeys: [Hub.Federation.MatchingKey]))
        {
            var queued = await node.EnqueueAsync("DE");
            answers.LocalId = queued.LocalId;

            await node.Sender.RunOnceAsync(CancellationToken.None);

            // Purged while its submit with tokens was out: the resend without them would put a purged message on the wire.
            Assert.Equal((1, 0), (answers.WithTokens, answers.WithoutTokens));
            var entry = (await node.Store.GetOutboxAsync(queued.LocalId))!;
            Assert.Equal((OutboxState.Rejected, LifecyclePurge.PurgedBeforeSent), (entry.State, entry.RejectReason));
        }
    }

    /// <summary>A Submit with tokens: the message is purged meanwhile, then the tokens are refused. One without them: counted, answered by the hub.</summary>
    private sealed class TokensRefusedAfterPurge(Action<long> purge) : Interceptor
    {
        private int _withTokens;
        private int _withoutTokens;

        public long LocalId { get; set; }

        public int WithTokens => Volatile.Read(ref _withTokens);

        public int WithoutTokens => Volatile.Read(ref _withoutTokens);

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (request is not SubmitRequest submit)
            {
                return continuation(request, context);
            }

            if (submit.MatchingTokens is null)
            {
                Interlocked.Increment(ref _withoutTokens);
                return continuation(request, context);
            }

            Interlocked.Increment(ref _withTokens);
            purge(LocalId);
            var detail = new RejectionDetail { Reason = RejectionReason.MatchingTokensInvalid, Detail = "test: a key id the hub no longer takes", CorrelationId = "test" };
            var status = new Status(StatusCode.InvalidArgument, detail.Detail);
            var trailers = new Metadata { { HubRejections.TrailerKey, detail.ToByteArray() } };
            return new AsyncUnaryCall<TResponse>(
                Task.FromException<TResponse>(new RpcException(status, trailers)), Task.FromResult(new Metadata()), () => status, () => trailers, () => { });
        }
    }

    /// <summary>Answers every Submit with the hub's retriable UNAVAILABLE refusal, carrying <c>retry_after_ms</c> as given.</summary>
    private sealed class RetryAfterAnswers(long retryAfterMs) : Interceptor
    {
        private int _calls;
        private volatile bool _answering = true;

        public int Calls => Volatile.Read(ref _calls);

        public bool Answering
        {
            get => _answering;
            set => _answering = value;
        }

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (request is not SubmitRequest || !_answering)
            {
                return continuation(request, context);
            }

            Interlocked.Increment(ref _calls);
            var detail = new RejectionDetail
            {
                Reason = RejectionReason.Unavailable, Detail = "storage unavailable; retry later", CorrelationId = "test", RetryAfterMs = retryAfterMs,
            };
            var status = new Status(StatusCode.Unavailable, detail.Detail);
            var trailers = new Metadata { { HubRejections.TrailerKey, detail.ToByteArray() } };
            return new AsyncUnaryCall<TResponse>(
                Task.FromException<TResponse>(new RpcException(status, trailers)), Task.FromResult(new Metadata()), () => status, () => trailers, () => { });
        }
    }

    /// <summary>
    /// What a hub that refuses every submission would answer: tokens present, MATCHING_TOKENS_INVALID; none, SEQUENCE_REUSED
    /// naming a highest above any number the node used so far. After <see cref="Stop"/> calls it refuses for good (PERMISSION_DENIED)
    /// so that a node that would go on for ever ends the test.
    /// </summary>
    private sealed class TokensThenSequenceAnswers : Interceptor
    {
        private const int Stop = 20;
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (request is not SubmitRequest submit)
            {
                return continuation(request, context);
            }

            var call = Interlocked.Increment(ref _calls);
            var detail = call > Stop
                ? new RejectionDetail { Reason = RejectionReason.PermissionDenied, Detail = "test: stop" }
                : submit.MatchingTokens is not null
                ? new RejectionDetail { Reason = RejectionReason.MatchingTokensInvalid, Detail = "test: a key id the hub no longer takes" }
                : new RejectionDetail { Reason = RejectionReason.SequenceReused, Detail = "test: number held", HighestAcceptedSequence = (ulong)call * 1000 };
            detail.CorrelationId = "test";
            var status = new Status(call > Stop ? StatusCode.PermissionDenied : StatusCode.InvalidArgument, detail.Detail);
            var trailers = new Metadata { { HubRejections.TrailerKey, detail.ToByteArray() } };
            return new AsyncUnaryCall<TResponse>(
                Task.FromException<TResponse>(new RpcException(status, trailers)), Task.FromResult(new Metadata()), () => status, () => trailers, () => { });
        }
    }
}
