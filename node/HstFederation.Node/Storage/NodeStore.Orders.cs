using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>The order outbox: lifecycle orders this node issued as a message's source, their receipts and confirmations.</summary>
internal sealed partial class NodeStore
{
    public Task EnqueueOrderAsync(
        byte[] orderId, long outboxLocalId, byte[] messageId, string action, string actor, byte[] statement, CancellationToken cancellationToken = default) =>
        _writer.RunAsync(context =>
        {
            OrderOutboxTransactions.Enqueue(context, orderId, outboxLocalId, messageId, action, actor, statement);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Records the hub's verified receipt and its holders; a restriction or extension then holds for this node's own copy too,
    /// and a recall purges the products built from the message (<see cref="SourceCopy"/>), the WAL truncated after.
    /// </summary>
    public async Task AcceptOrderAsync(
        byte[] orderId, byte[] receipt, IReadOnlyList<string> holders, LifecycleOrder? order = null, CancellationToken cancellationToken = default)
    {
        var purged = await _writer.RunAsync(context => OrderOutboxTransactions.Accept(context, orderId, receipt, holders, order), cancellationToken)
            .ConfigureAwait(false);
        if (purged > 0)
        {
            await CheckpointAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task RefuseOrderAsync(byte[] orderId, string reason, string detail, CancellationToken cancellationToken = default) =>
        _writer.RunAsync(context =>
        {
            OrderOutboxTransactions.Refuse(context, orderId, reason, detail);
            return true;
        }, cancellationToken);

    public Task<bool> RecordConfirmationAsync(byte[] orderId, string holder, int outcome, byte[] confirmation, CancellationToken cancellationToken = default) =>
        _writer.RunAsync(context => OrderOutboxTransactions.Confirm(context, orderId, holder, outcome, confirmation), cancellationToken);

    /// <summary>Records a holder's verified confirmation of the hub's order about this node's message; null when recorded, else why not (<see cref="HubOrderConfirmations"/>).</summary>
    public Task<string?> RecordHubOrderConfirmationAsync(
        LifecycleOrder order, byte[] orderStatement, string holder, LifecycleOutcome outcome, byte[] confirmation, CancellationToken cancellationToken = default) =>
        _writer.RunAsync(context => HubOrderConfirmations.Record(context, order, orderStatement, holder, outcome, confirmation), cancellationToken);

    public Task<IssuedOrder?> IssuedOrderAsync(byte[] orderId, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(OrderOutboxTransactions.Find(connection, orderId));
    }

    public Task<IReadOnlyList<IssuedOrder>> QueuedOrdersAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(OrderOutboxTransactions.Queued(connection));
    }

    public Task<IReadOnlyList<IssuedOrder>> OrdersForMessageAsync(byte[] messageId, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(OrderOutboxTransactions.ForMessage(connection, messageId));
    }
}
