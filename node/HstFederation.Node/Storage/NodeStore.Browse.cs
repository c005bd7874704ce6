namespace HstFederation.Node.Storage;

/// <summary>
/// Reads for the agency API by local id, with content: the outbox newest first (its list also shows an
/// agency's own submissions, decided on the decoded message) and the inbox in stored order (WatchInbox).
/// </summary>
internal sealed partial class NodeStore
{
    /// <summary>Outbox messages with a local id below <paramref name="beforeLocalId"/> (all when null), newest first.</summary>
    public Task<IReadOnlyList<OutboxEntry>> OutboxBeforeAsync(long? beforeLocalId, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(OutboxReader.Read(
            connection, "local_id < $before ORDER BY local_id DESC LIMIT $max", ("$before", beforeLocalId ?? long.MaxValue), ("$max", max)));
    }

    /// <summary>Inbox messages with a local id above <paramref name="afterLocalId"/>, in the order they were stored.</summary>
    public Task<IReadOnlyList<InboxEntry>> InboxAfterAsync(long afterLocalId, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(InboxReader.Read(
            connection, "local_id > $after ORDER BY local_id LIMIT $max", ("$after", afterLocalId), ("$max", max)));
    }
}
