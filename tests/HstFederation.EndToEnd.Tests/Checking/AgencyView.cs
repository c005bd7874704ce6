using HstFederation.EndToEnd.Tests.Harness;
using HstFederation.Protocol.V1;

namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>What the submitting agencies see of their messages through the agency API (GetMessage), as they would follow them.</summary>
internal static class AgencyView
{
    /// <summary>The summary of every message of <paramref name="plan"/> a node confirmed to the load generator, by plan number.</summary>
    public static async Task<Dictionary<int, AgencyMessageSummary>> SummariesAsync(
        Federation federation, IReadOnlyDictionary<int, AgencySubmitResponse> queued, IEnumerable<PlannedMessage> plan)
    {
        var senders = plan.ToDictionary(m => m.Number, m => m.Sender);
        var summaries = new System.Collections.Concurrent.ConcurrentDictionary<int, AgencyMessageSummary>();
        // As an agency's system must: a node serves one agency at most AgencyMaxConcurrentCalls (16) calls at once and
        // answers any more with RESOURCE_EXHAUSTED (TOO_MANY_CALLS), so the checker keeps well under it.
        await Parallel.ForEachAsync(
            queued.Where(q => senders.ContainsKey(q.Key)),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (entry, cancellationToken) =>
            {
                var node = federation.Nodes[senders[entry.Key]];
                var message = await node.Agency.Gateway.GetMessageAsync(
                    new AgencyGetMessageRequest { MessageId = entry.Value.MessageId }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
                summaries[entry.Key] = message.Summary;
            });
        return new Dictionary<int, AgencyMessageSummary>(summaries);
    }

    /// <summary>Every message a node confirmed is accepted with a delivery receipt from each addressee.</summary>
    public static async Task AssertAllDeliveredAsync(
        Federation federation, IReadOnlyDictionary<int, AgencySubmitResponse> queued, IReadOnlyList<PlannedMessage> plan)
    {
        var summaries = await SummariesAsync(federation, queued, plan);
        var byNumber = plan.ToDictionary(m => m.Number);
        var notDelivered = summaries
            .Where(s => s.Value.State != OutboxMessageState.Accepted || s.Value.DeliveryReceipts != byNumber[s.Key].To.Count)
            .Select(s => $"#{s.Key} {s.Value.MessageId}: {s.Value.State}, {s.Value.DeliveryReceipts}/{byNumber[s.Key].To.Count} receipts {s.Value.RejectReason}")
            .ToList();
        Assert.True(notDelivered.Count == 0, $"{notDelivered.Count} confirmed submissions are not delivered, e.g.\n{string.Join('\n', notDelivered.Take(10))}");
    }
}
