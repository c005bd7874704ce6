namespace HstFederation.Node.Storage;

/// <summary>
/// Reads for the agency API, with content: the outbox newest first (its list also shows an agency's own submissions,
/// decided on the decoded message), the inbox in stored order (WatchInbox), and single rows for the visibility checks of
/// ListInbox, Search and the hits and products lists. None reads the envelopes (the agency is shown the plaintext only,
/// and an envelope is up to 4 MB); the batch reads stop once the content they read reaches <c>maxBytes</c> (always at least
/// one row); ListInbox and Search count what their single-row reads return against the same limit.
/// </summary>
internal sealed partial class NodeStore
{
    /// <summary>Outbox messages with a local id below <paramref name="beforeLocalId"/> (all when null), newest first; no envelope.</summary>
    public Task<IReadOnlyList<OutboxEntry>> OutboxBeforeAsync(long? beforeLocalId, int max, long maxBytes = long.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(OutboxReader.ReadContent(
            connection, "local_id < $before ORDER BY local_id DESC LIMIT $max", maxBytes, ("$before", beforeLocalId ?? long.MaxValue), ("$max", max)));
    }

    /// <summary>Inbox messages with a local id above <paramref name="afterLocalId"/>, in the order they were stored; no envelope.</summary>
    public Task<IReadOnlyList<InboxEntry>> InboxAfterAsync(long afterLocalId, int max, long maxBytes = long.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(InboxReader.ReadContent(
            connection, "local_id > $after ORDER BY local_id LIMIT $max", maxBytes, ("$after", afterLocalId), ("$max", max)));
    }

    /// <summary>The inbox message stored under <paramref name="localId"/>, with its content and no envelope, or null.</summary>
    public Task<InboxEntry?> InboxContentAsync(long localId, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(InboxReader.ReadContent(connection, "local_id = $local", long.MaxValue, ("$local", localId)).SingleOrDefault());
    }

    /// <summary>The outbox message stored under <paramref name="localId"/>, with its content and no envelope, or null.</summary>
    public Task<OutboxEntry?> OutboxContentAsync(long localId, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(OutboxReader.ReadContent(connection, "local_id = $local", long.MaxValue, ("$local", localId)).SingleOrDefault());
    }

    /// <summary>The outbox message with <paramref name="messageId"/>, with its content and no envelope, or null.</summary>
    public Task<OutboxEntry?> SentContentAsync(byte[] messageId, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(OutboxReader.ReadContent(connection, "message_id = $id", long.MaxValue, ("$id", messageId)).SingleOrDefault());
    }

    /// <summary>As <see cref="GetReceivedAsync"/> with its content and no envelope: what a visibility check reads.</summary>
    public Task<InboxEntry?> ReceivedContentAsync(string sender, byte[] messageId, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(InboxReader.ReadContent(
            connection, "sender = $sender AND message_id = $id", long.MaxValue, ("$sender", sender), ("$id", messageId)).SingleOrDefault());
    }
}
