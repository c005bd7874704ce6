using System.Security.Cryptography;
using HstFederation.Node.Search;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    /// <summary>
    /// Queues <paramref name="item"/>, allocates its sequence and indexes it for search in one transaction, with its
    /// idempotency key if it has one (a repeat of the key returns the earlier message, queuing nothing; see
    /// <see cref="OutboxTransactions.Enqueue"/>). Completes only after the commit: the returned id may then be given to the agency or operator. Throws
    /// <see cref="NodeStoreUnavailableException"/> when nothing could be committed (give no id; retry).
    /// </summary>
    public Task<EnqueuedMessage> EnqueueAsync(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.Validate();
        return EnqueueIndexedAsync(item, MessageIndex.Of(item.Plaintext), cancellationToken);
    }

    /// <summary>
    /// <see cref="EnqueueAsync"/> for a caller that holds the message
    /// <paramref name="item"/>'s plaintext is the serialization of (the submitter, which just serialized it): the search
    /// index is built from <paramref name="message"/> rather than from parsing the plaintext again.
    /// </summary>
    public Task<EnqueuedMessage> EnqueueParsedAsync(OutboxItem item, HstMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(message);
        item.Validate();
        return EnqueueIndexedAsync(item, MessageIndex.Of(message), cancellationToken);
    }

    private Task<EnqueuedMessage> EnqueueIndexedAsync(OutboxItem item, MessageIndex index, CancellationToken cancellationToken) =>
        _writer.RunAsync(context => OutboxTransactions.Enqueue(context, item, index), cancellationToken);

    /// <summary>
    /// The earlier submission <paramref name="key"/> names for <paramref name="actor"/>, or null when the key is new
    /// (read only; <see cref="EnqueueAsync"/> checks again inside its transaction). Throws
    /// <see cref="RequestIdReusedException"/> when the key names a different request.
    /// </summary>
    public Task<EnqueuedMessage?> FindSubmissionAsync(string actor, SubmitKey key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentNullException.ThrowIfNull(key);
        key.Validate();
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(SubmitKeys.Find(connection, actor, key));
    }

    /// <summary>
    /// Keeps the sealed envelope of a queued message, with its blind <paramref name="matchingTokens"/> if any (write
    /// once): a retry after a restart submits the same bytes and tokens rather than sealing anew. True when stored,
    /// false when the same envelope was already kept; <see cref="OutboxNotQueuedException"/> when the message is no longer
    /// queued (cancelled or purged since it was read): it must not be submitted.
    /// </summary>
    public Task<bool> RecordSealedAsync(long localId, byte[] envelope, byte[]? matchingTokens = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentOutOfRangeException.ThrowIfZero(envelope.Length);
        return _writer.RunAsync(context => OutboxTransactions.RecordSealed(context, localId, envelope, matchingTokens), cancellationToken);
    }

    /// <summary>
    /// Cancels queued outbox row <paramref name="localId"/> if the hub provably never received it (<see cref="OutboxCancel"/>):
    /// rejected as Cancelled, its content purged, audited as <paramref name="actor"/>'s; returns its message id. Throws
    /// <see cref="CancelRefusedException"/> saying why not (accepted, refused, or sealed: a submit may have reached the hub).
    /// A purge like the others: the WAL is truncated after the commit, so its frames with the plaintext are gone too.
    /// </summary>
    public async Task<byte[]> CancelQueuedAsync(long localId, string source, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var messageId = await _writer.RunAsync(context => OutboxCancel.Cancel(context, localId, source, actor), cancellationToken).ConfigureAwait(false);
        await CheckpointAsync(cancellationToken).ConfigureAwait(false);
        return messageId;
    }

    /// <summary>
    /// Drops the kept envelope of a still-queued message so that it is sealed again (same message id, new
    /// creation time). Only for a refusal that proves the hub never accepted this message id (the hub answers
    /// a repeat with its receipt before it looks at the envelope's age). Audited; false when not queued, and false when a
    /// recall of it is pending (<see cref="PendingRecalls"/>): then it ends refused with <paramref name="reason"/>, not resealed.
    /// </summary>
    public Task<bool> ForgetSealedAsync(long localId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return _writer.RunAsync(context => OutboxTransactions.ForgetSealed(context, localId, reason), cancellationToken);
    }

    /// <summary>
    /// After the hub refused queued message <paramref name="localId"/> as SequenceReused, naming <paramref name="hubHighest"/>
    /// as the highest number it accepted from this NCB: numbers it, and every queued message never sealed that is numbered
    /// at or below that, again above it, in one transaction (<see cref="OutboxRenumbering"/>); audited. Null when it is no
    /// longer queued, or ended refused because a recall of it is pending.
    /// </summary>
    public Task<OutboxRenumbered?> RenumberAsync(long localId, long hubHighest, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hubHighest, 1);
        return _writer.RunAsync(context => OutboxRenumbering.Renumber(context, localId, hubHighest), cancellationToken);
    }

    /// <summary>
    /// Drops the kept blind tokens of a still-queued message (the hub refused them, not the message), so it is submitted
    /// with its same envelope and no tokens. Audited; false when not queued with tokens.
    /// </summary>
    public Task<bool> DropTokensAsync(long localId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return _writer.RunAsync(context => OutboxTransactions.DropTokens(context, localId, reason), cancellationToken);
    }

    /// <summary>Queued → accepted with the hub's signed receipt. False when already accepted with the same receipt.</summary>
    public Task<bool> MarkAcceptedAsync(long localId, byte[] receipt, long hubSequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentOutOfRangeException.ThrowIfLessThan(hubSequence, 1);
        return _writer.RunAsync(context => OutboxTransactions.MarkAccepted(context, localId, receipt, hubSequence), cancellationToken);
    }

    /// <summary>
    /// Queued → rejected, keeping the hub's reason and detail. False when already rejected the same way;
    /// <see cref="OutboxNotQueuedException"/> when it was cancelled or purged since it was read (not the caller's error).
    /// </summary>
    public Task<bool> MarkRejectedAsync(long localId, string reason, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentNullException.ThrowIfNull(detail);
        return _writer.RunAsync(context => OutboxTransactions.MarkRejected(context, localId, reason, detail), cancellationToken);
    }

    /// <summary>
    /// SHA-256 of the signed header this node sent under <paramref name="messageId"/>: what a recipient's delivery
    /// receipt must name. From the kept envelope, or once purged from the outbox row's tombstone. Null when no message
    /// of this node's has that id, or it was never sealed (no recipient can have received it; the sweep's tombstone of
    /// such a copy holds an empty header hash).
    /// </summary>
    public byte[]? SentHeaderSha256(byte[] messageId)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return Database.Readers.Use(connection =>
            connection.Scalar("SELECT envelope FROM outbox WHERE message_id = $id AND envelope IS NOT NULL;", ("$id", messageId)) is byte[] envelope
                ? SHA256.HashData(Envelope.Parser.ParseFrom(envelope).Header.Span)
                : connection.Scalar(
                    """
                    SELECT t.header_hash FROM outbox o JOIN tombstones t ON t.box = 'outbox' AND t.local_id = o.local_id
                    WHERE o.message_id = $id AND length(t.header_hash) > 0;
                    """,
                    ("$id", messageId)) as byte[]);
    }

    /// <summary>Keeps <paramref name="recipient"/>'s signed delivery receipt; true the first time, false for a repeat.</summary>
    public Task<bool> RecordDeliveryReceiptAsync(
        byte[] messageId, string recipient, byte[] receipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentException.ThrowIfNullOrEmpty(recipient);
        ArgumentNullException.ThrowIfNull(receipt);
        return _writer.RunAsync(
            context => OutboxTransactions.RecordDeliveryReceipt(context, messageId, recipient, receipt), cancellationToken);
    }

    /// <summary>
    /// Queued messages in the order they were queued (the order to submit them in), at most <paramref name="max"/>.
    /// For the outbox sender, which never reads delivery receipts: <see cref="OutboxEntry.Deliveries"/> is left empty.
    /// </summary>
    public Task<IReadOnlyList<OutboxEntry>> PendingAsync(int max = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return Task.FromResult(Database.Readers.Use(
            connection => OutboxReader.Read(connection, "state = 1 ORDER BY local_id LIMIT $max", withDeliveries: false, ("$max", max))));
    }

    /// <summary>
    /// For each of <paramref name="parties"/>, the number its next message from this node carries in the sender's
    /// count of messages to it (Recipient.sequence, docs/protocol.md §4): one more than the messages to it the hub
    /// accepted. The outbox seals in queue order and only once every earlier message was accepted or rejected, so
    /// each party's count runs 1, 2, 3 … without gaps, and a message the hub or this node refused uses no number.
    /// </summary>
    public Task<IReadOnlyDictionary<string, ulong>> NextRecipientSequencesAsync(IEnumerable<string> parties, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parties);
        var next = Database.Readers.Use(connection =>
        {
            var counts = new Dictionary<string, ulong>(StringComparer.Ordinal);
            foreach (var party in parties)
            {
                if (counts.ContainsKey(party))
                {
                    continue;
                }

                var accepted = connection.Scalar("SELECT accepted FROM recipient_counts WHERE addressee = $party;", ("$party", party)) as long? ?? 0;
                counts[party] = (ulong)accepted + 1;
            }

            return counts;
        });
        return Task.FromResult<IReadOnlyDictionary<string, ulong>>(next);
    }

    /// <summary>One outbox message by local id, or null.</summary>
    public Task<OutboxEntry?> GetOutboxAsync(long localId, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(OutboxReader.Read(connection, "local_id = $local", ("$local", localId)).SingleOrDefault());
    }

    /// <summary>One outbox message by message id, or null.</summary>
    public Task<OutboxEntry?> GetOutboxByMessageIdAsync(byte[] messageId, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(OutboxReader.Read(connection, "message_id = $id", ("$id", messageId)).SingleOrDefault());
    }
}
