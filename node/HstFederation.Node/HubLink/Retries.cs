using Grpc.Core;
using HstFederation.Node.Storage;
using Polly;
using Polly.Retry;

namespace HstFederation.Node.HubLink;

/// <summary>
/// Exponential backoff with jitter (Polly), honouring the hub's retry_after_ms up to the longest backoff. Retried: transport failures, the
/// hub's retriable refusals, no usable directory, this node's own CRL gone stale (nothing can be verified until a fresh
/// one is installed), and this node's own store failing to commit (disk full: nothing was committed, so nothing was
/// acknowledged; THREATS row 28).
/// </summary>
internal static class Retries
{
    public static ResiliencePipeline Build(TimeProvider time, HubLinkOptions options, int attempts) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => HubRejections.IsRetriable(e, HubRejections.Read(e)))
                    .Handle<HttpRequestException>()
                    .Handle<IOException>()
                    .Handle<DirectoryUnavailableException>()
                    .Handle<TrustDataStaleException>()
                    .Handle<NodeStoreUnavailableException>(),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                MaxRetryAttempts = attempts,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is RpcException error ? HubRejections.RetryAfter(HubRejections.Read(error), options.MaxRetryDelay) : null),
            })
            .Build();
}
