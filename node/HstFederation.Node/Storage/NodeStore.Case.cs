using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>The source's side of the lifecycle: the versions of a case it sent, and its orders about them queued together.</summary>
internal sealed partial class NodeStore
{
    /// <summary>Every version of the case <paramref name="messageId"/> belongs to in the outbox, oldest first; empty when it is not this node's.</summary>
    public Task<IReadOnlyList<SentVersion>> CaseVersionsAsync(byte[] messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(CaseReader.Versions(connection, messageId));
    }

    /// <summary>
    /// Queues <paramref name="orders"/> (one per version) in one transaction, with their audit entries; with
    /// <paramref name="reviewDecision"/> (extended | lapsed) the pending retention reviews of those messages record it.
    /// Completes once committed: only then may the command say the orders are queued. Returns, per order, whether it is
    /// pending: a recall of a version sealed for the hub and not answered yet (<see cref="PendingRecalls"/>); a version
    /// that is neither that nor accepted throws <see cref="OrderRefusedException"/>, nothing stored.
    /// </summary>
    public Task<IReadOnlyList<bool>> EnqueueOrdersAsync(
        IReadOnlyList<NewOrder> orders, string actor, string? reviewDecision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        return _writer.RunAsync(context =>
        {
            var pending = new List<bool>();
            foreach (var order in orders)
            {
                var waits = PendingRecalls.Waits(context, order.OutboxLocalId, order.Action, order.Statement);
                OrderOutboxTransactions.Enqueue(context, order.OrderId, order.OutboxLocalId, order.MessageId, order.Action, actor, order.Statement, waits);
                if (reviewDecision is not null)
                {
                    RetentionReviews.Decide(context, order.MessageId, reviewDecision);
                }

                pending.Add(waits);
            }

            return (IReadOnlyList<bool>)pending;
        }, cancellationToken);
    }

    /// <summary>Stores a verified retention review from the hub as an inbox row with its <c>retention_reviews</c> row.</summary>
    public Task<StoredReceive> StoreRetentionReviewAsync(
        ReceivedEnvelope item, RetentionReview review, long? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(review);
        item.Validate();
        return _writer.RunAsync(context => RetentionReviews.Store(context, item, review, cursor), cancellationToken);
    }

    /// <summary>Stores a verified expiry report from the hub as an inbox row with its <c>expiry_reports</c> rows.</summary>
    public Task<StoredReceive> StoreExpiryReportAsync(
        ReceivedEnvelope item, ExpiryReport report, long? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(report);
        item.Validate();
        return _writer.RunAsync(context => ExpiryReports.Store(context, item, report, cursor), cancellationToken);
    }
}
