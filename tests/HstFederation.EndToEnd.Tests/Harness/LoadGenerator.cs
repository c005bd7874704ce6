using System.Collections.Concurrent;
using Grpc.Core;
using HstFederation.Protocol.V1;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>
/// Submits planned messages through each sender's agency API (gRPC over mutual TLS), a few at a time per sender. A
/// submission that fails because its node is down (killed by the scenario) is tried again once the node listens, as
/// an agency would: the very same request with the same request_id (a UUID per plan entry), so that a retry of a
/// submission the node did queue before it died returns that message rather than queuing a second one. The ids the
/// nodes returned are kept: each is a promise that the message is durable, and there is exactly one per plan entry.
/// </summary>
internal sealed class LoadGenerator(Federation federation, int inFlightPerSender = 4)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(120);
    private readonly ConcurrentDictionary<int, AgencySubmitResponse> _queued = new();
    private int _retries;

    /// <summary>Plan number → the node's answer (message id, state queued), for every submission the node confirmed.</summary>
    public IReadOnlyDictionary<int, AgencySubmitResponse> Queued => _queued;

    public int Retries => _retries;

    public Task RunAsync(IEnumerable<PlannedMessage> plan, CancellationToken cancellationToken) =>
        Task.WhenAll(plan.GroupBy(m => m.Sender).Select(bySender =>
            Parallel.ForEachAsync(
                bySender,
                new ParallelOptions { MaxDegreeOfParallelism = inFlightPerSender, CancellationToken = cancellationToken },
                async (message, token) => await SubmitAsync(message, token))));

    public async Task<AgencySubmitResponse> SubmitAsync(PlannedMessage message, CancellationToken cancellationToken)
    {
        var node = federation.Nodes[message.Sender];
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        giveUp.CancelAfter(GiveUpAfter);
        var request = message.ToRequest(DateTimeOffset.UtcNow);
        request.RequestId = Guid.NewGuid().ToString();
        while (true)
        {
            try
            {
                var response = await node.Agency.Gateway.SubmitAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: giveUp.Token);
                _queued[message.Number] = response;
                return response;
            }
            catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded
                or StatusCode.Cancelled or StatusCode.Aborted && !giveUp.IsCancellationRequested)
            {
                // The node is down or went down under the call: whether it queued the message is unknown. The retry
                // carries the same request_id and content, so the node answers with the first message if it has one.
                Interlocked.Increment(ref _retries);
                await Task.Delay(TimeSpan.FromMilliseconds(50), giveUp.Token); // backoff, not synchronisation
            }
        }
    }
}
