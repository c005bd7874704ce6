using HstFederation.Node.Ledger;

namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    /// <summary>
    /// The ledger of the message <paramref name="messageId"/> (docs/lifecycle.md §6) from one read snapshot. No content;
    /// the caller audits the look-up with the actor it serves (<see cref="Audit.NodeAuditActions.Ledger"/>).
    /// </summary>
    public Task<NodeLedger> LedgerAsync(byte[] messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();

        // One snapshot: holders, orders and audit entries all as of the same commit.
        return connection.InReadTransaction(() =>
        {
            return Task.FromResult(LedgerReader.Read(connection, messageId));
        });
    }

    /// <summary>The hub's expiry reports of this node's message <paramref name="messageId"/> (`show`); empty when there are none.</summary>
    public Task<IReadOnlyList<ExpiredUndelivered>> ExpiryReportsAsync(byte[] messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        return connection.InReadTransaction(() => Task.FromResult<IReadOnlyList<ExpiredUndelivered>>(ExpiryReportReader.ForMessage(connection, messageId)));
    }

    /// <summary>The message id of outbox or inbox row <paramref name="localId"/>, or null when there is none.</summary>
    public Task<byte[]?> MessageIdOfAsync(MessageBox box, long localId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        var sql = box == MessageBox.Outbox
            ? "SELECT message_id FROM outbox WHERE local_id = $local;"
            : "SELECT message_id FROM inbox WHERE local_id = $local;";
        return Task.FromResult(connection.Scalar(sql, ("$local", localId)) as byte[]);
    }

    /// <summary>
    /// Pending retention reviews, outstanding confirmations, copies expiring before <paramref name="untilMs"/> and refused
    /// orders, as of <paramref name="nowMs"/>, from one read snapshot (`hst-node status`).
    /// </summary>
    public Task<LifecycleStatus> LifecycleStatusAsync(long nowMs, long untilMs, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        return connection.InReadTransaction(() =>
        {
            return Task.FromResult(LifecycleStatusReader.Read(connection, nowMs, untilMs));
        });
    }

    /// <summary>
    /// The stored rows of <paramref name="messageId"/> in both boxes, with content, for deciding what an agency may see of
    /// its ledger; unlike <see cref="FindByMessageIdAsync"/> it needs no summary rows (a purge may have removed them).
    /// </summary>
    public Task<(OutboxEntry? Sent, IReadOnlyList<InboxEntry> Received)> CopiesAsync(byte[] messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        var sent = OutboxReader.Read(connection, "message_id = $id", ("$id", messageId)).SingleOrDefault();
        return Task.FromResult((sent, InboxReader.ByMessageId(connection, messageId)));
    }
}
