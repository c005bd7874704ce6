namespace HstFederation.Node.Storage;

/// <summary>
/// What <see cref="NodeStore.EnqueueAsync"/> hands back once the outbox row committed: the local id, the
/// message id, and this node's sequence number for it (allocated in the same transaction).
/// </summary>
internal sealed record EnqueuedMessage(long LocalId, byte[] MessageId, long Sequence, long CreatedAtMs);
