using HstFederation.Node.Search;

namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    /// <summary>
    /// Stores a verified delivery once per (sender, message id) (at-least-once on the wire, exactly once here):
    /// new, a repeat of the stored message, or a conflict with it (another signed header; nothing stored). With
    /// <paramref name="cursor"/>, the hub cursor moves forward in the same transaction, whatever the outcome. A new
    /// message is indexed for search in that transaction as well.
    /// </summary>
    public Task<StoredReceive> StoreReceivedAsync(ReceivedEnvelope item, long? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.Validate();
        if (!item.IsHstMessage)
        {
            throw new ArgumentException($"Content of type {item.ContentType} is stored with its typed row (StoreIntelligenceAsync), never indexed as a message.", nameof(item));
        }

        var index = MessageIndex.Of(item.Plaintext);
        return StoreAndSignalAsync(item, index, cursor, cancellationToken);
    }

    /// <summary>
    /// Completes after new inbox rows committed; a stream waiting on <see cref="InboxSignal.Next"/> then
    /// reads again (it captures the task before reading, so no commit slips between read and wait).
    /// </summary>
    public InboxSignal InboxStored { get; } = new();

    /// <summary>Keeps a delivery that failed verification with its reason, once for the same bytes and reason; returns its quarantine row.</summary>
    public Task<QuarantineResult> QuarantineAsync(
        byte[] envelope, string reason, string detail, long? cursor = null, CancellationToken cancellationToken = default, string item = "envelope")
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentNullException.ThrowIfNull(detail);
        return _writer.RunAsync(context => InboxTransactions.Quarantine(context, envelope, reason, detail, cursor, item), cancellationToken);
    }

    /// <summary>The stored message from <paramref name="sender"/> with <paramref name="messageId"/>, or null.</summary>
    public Task<InboxEntry?> GetReceivedAsync(string sender, byte[] messageId, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(InboxReader.Messages(connection, sender, messageId));
    }

    /// <summary>Open quarantined deliveries (with <paramref name="includeResolved"/>, the resolved ones too) in the order they came.</summary>
    public Task<IReadOnlyList<QuarantineEntry>> QuarantinedAsync(bool includeResolved = false, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(InboxReader.Quarantined(connection, includeResolved));
    }

    /// <summary>
    /// Open alarms (sequence alarms, withdrawal mismatches) in the order they were raised; resolved ones only with
    /// <paramref name="includeResolved"/>.
    /// </summary>
    public Task<IReadOnlyList<SequenceAlarm>> AlarmsAsync(bool includeResolved = false, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(InboxReader.Alarms(connection, includeResolved));
    }

    /// <summary>
    /// An operator's resolution of a quarantined delivery or an alarm (<see cref="OperatorResolutions"/>); throws
    /// <see cref="ResolveRefusedException"/> for no such row or one resolved already.
    /// </summary>
    public Task<(Resolution Resolution, string Label)> ResolveAsync(ResolvedKind kind, long id, string actor, string note, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(note);
        return _writer.RunAsync(context => OperatorResolutions.Resolve(context, kind, id, actor, note), cancellationToken);
    }

    private async Task<StoredReceive> StoreAndSignalAsync(ReceivedEnvelope item, MessageIndex index, long? cursor, CancellationToken cancellationToken)
    {
        var stored = await _writer.RunAsync(context => InboxTransactions.StoreReceived(context, item, index, cursor), cancellationToken).ConfigureAwait(false);
        if (stored.IsNew)
        {
            InboxStored.Publish();
        }

        return stored;
    }
}
