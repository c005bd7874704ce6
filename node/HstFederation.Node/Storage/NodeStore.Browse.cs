namespace HstFederation.Node.Storage;

/// <summary>
/// Paged reads of the outbox and inbox for the agency API, by local id. Minimal queries on the existing
/// schema: scope filtering (handling, crime types) happens in the caller on the decoded message.
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

    /// <summary>The outbox message with <paramref name="messageId"/>, or null.</summary>
    public Task<OutboxEntry?> OutboxByMessageIdAsync(byte[] messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(OutboxReader.Read(connection, "message_id = $id", ("$id", messageId)).SingleOrDefault());
    }

    /// <summary>Inbox messages with a local id below <paramref name="beforeLocalId"/> (all when null), newest first.</summary>
    public Task<IReadOnlyList<InboxEntry>> InboxBeforeAsync(long? beforeLocalId, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(InboxReader.Read(
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

    /// <summary>Inbox messages with <paramref name="messageId"/> (one per sender; normally at most one).</summary>
    public Task<IReadOnlyList<InboxEntry>> InboxByMessageIdAsync(byte[] messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(InboxReader.Read(connection, "message_id = $id ORDER BY local_id", ("$id", messageId)));
    }
}
