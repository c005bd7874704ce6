using System.Collections.Concurrent;
using Grpc.Core;
using HstFederation.Hub.Errors;
using HstFederation.LoadGenerator.Federation;
using HstFederation.LoadGenerator.Measure;
using HstFederation.LoadGenerator.Workload;
using HstFederation.Protocol.V1;

namespace HstFederation.LoadGenerator.Load;

/// <summary>
/// Submits planned envelopes as their senders. A refusal the hub marks as retriable (ResourceExhausted with
/// a retry-after, Unavailable) and a transport failure (HTTP/2 STREAM_CLOSED, a reset connection) are retried
/// after the hint (or 50 ms) and counted by label (<see cref="SubmitRetry"/>); anything else fails the
/// scenario, because every planned envelope is valid. Receipts are kept and verified after the timed phase.
/// </summary>
internal sealed class Submitter(MemberChannels channels, Timeline timeline)
{
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromMilliseconds(50);
    private readonly Dictionary<int, Protocol.V1.Hub.HubClient> _clients = [];
    private readonly ConcurrentDictionary<string, int> _retries = new(StringComparer.Ordinal);

    /// <summary>Retried submissions by "status/reason" (e.g. ResourceExhausted/RateLimited: the per-member in-flight limit; Internal/transport: HTTP/2 STREAM_CLOSED).</summary>
    public IReadOnlyDictionary<string, int> Retries => new SortedDictionary<string, int>(_retries, StringComparer.Ordinal);

    public SubmitResponse?[] Responses { get; private set; } = [];

    public void Prepare(MessagePlan plan)
    {
        Responses = new SubmitResponse?[plan.Messages.Count];
        foreach (var sender in plan.Messages.Select(m => m.Sender).Distinct())
        {
            _clients[sender] = new Protocol.V1.Hub.HubClient(channels.For(sender));
        }
    }

    public async Task SubmitAsync(PlannedMessage message, CancellationToken cancellationToken)
    {
        var client = _clients[message.Sender];
        while (true)
        {
            try
            {
                var response = await client.SubmitAsync(message.Request, deadline: TimeProvider.System.GetUtcNow().UtcDateTime.Add(CallDeadline), cancellationToken: cancellationToken);
                Responses[message.Index] = response;
                timeline.Receipted(message.Index);
                return;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && SubmitRetry.Classify(e) is { } label)
            {
                _retries.AddOrUpdate(label, 1, (_, n) => n + 1);
                var hint = RejectionTrailer.Read(e)?.RetryAfterMs is > 0 and var ms ? TimeSpan.FromMilliseconds(ms) : DefaultRetryAfter;
                await Task.Delay(hint, cancellationToken);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException(
                    $"message {message.Index} was refused: {e.StatusCode} {RejectionTrailer.Read(e)?.Reason} {e.Status.Detail}", e);
            }
        }
    }
}
