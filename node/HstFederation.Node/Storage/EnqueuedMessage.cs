namespace HstFederation.Node.Storage;

/// <summary>
/// What <see cref="NodeStore.EnqueueAsync"/> hands back once the outbox row committed: the local id, the
/// message id, and this node's sequence number for it (allocated in the same transaction). <see cref="Repeated"/>:
/// nothing was queued now, the submission's request id named this earlier message (a retry), whose values these are.
/// </summary>
internal sealed record EnqueuedMessage(long LocalId, byte[] MessageId, long Sequence, long CreatedAtMs, bool Repeated = false);
