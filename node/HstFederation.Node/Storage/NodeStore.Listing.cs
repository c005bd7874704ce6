namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    /// <summary>A page of the outbox, newest first, without content (CLI <c>outbox</c>, agency API).</summary>
    public Task<MessagePage<OutboxListItem>> ListOutboxAsync(OutboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(MessageListReader.Outbox(connection, query));
    }

    /// <summary>A page of the inbox, newest first, without content (CLI <c>inbox</c>, agency API).</summary>
    public Task<MessagePage<InboxListItem>> ListInboxAsync(InboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(MessageListReader.Inbox(connection, query));
    }

    /// <summary>
    /// The message with <paramref name="messageId"/> in either box, in full (CLI <c>show</c>). This returns
    /// content: the caller audits the read (<see cref="AuditAsync(string, string, byte[], string, string, CancellationToken)"/>, <c>NodeAuditActions.Read</c>) with
    /// the actor it serves (and, for an agency, its certificate).
    /// </summary>
    public Task<FoundMessage> FindByMessageIdAsync(byte[] messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        if (messageId.Length != 16)
        {
            throw new ArgumentException("The message id must be 16 bytes (UUIDv7).", nameof(messageId));
        }

        using var connection = Database.OpenReadConnection();
        var outbox = OutboxReader.Read(connection, "message_id = $id", ("$id", messageId)).SingleOrDefault();
        return Task.FromResult(MessageLookup.Details(connection, outbox, messageId));
    }
}
