namespace HstFederation.Node.Storage;

/// <summary>
/// Reads for the agency API by local id, with content: the outbox newest first (its list also shows an
/// agency's own submissions, decided on the decoded message) and the inbox in stored order (WatchInbox). Neither reads the
/// envelopes (the agency is shown the plaintext only), and each stops once the content it read reaches
/// <c>maxBytes</c> (always at least one row): the agency's limit on what one list call or stream batch holds.
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
}
