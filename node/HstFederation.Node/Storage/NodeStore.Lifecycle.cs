using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>The source-controlled lifecycle on this node's copies (docs/lifecycle.md): orders applied, retention swept, tombstones.</summary>
internal sealed partial class NodeStore
{
    /// <summary>
    /// Applies a verified order to the copy this node holds, durably, with its tombstone and signed confirmation; or
    /// refuses it (nothing written). A purge is followed by <see cref="CheckpointAsync"/> so the WAL keeps no old frames; so is
    /// an order on a message never held here, which may have emptied hit notifications naming it (<see cref="PurgedHits"/>).
    /// </summary>
    public async Task<AppliedOrder> ApplyOrderAsync(IncomingOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var applied = await _writer.RunAsync(context => LifecycleTransactions.Apply(context, order), cancellationToken).ConfigureAwait(false);
        if (applied.Outcome is LifecycleOutcome.Purged or LifecycleOutcome.NotHeld)
        {
            await CheckpointAsync(cancellationToken).ConfigureAwait(false);
        }

        return applied;
    }

    /// <summary>Purges every copy whose effective retention date has been reached; returns how many.</summary>
    public async Task<int> SweepRetentionAsync(string me, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(me);
        var purged = await _writer.RunAsync(context => RetentionTransactions.Sweep(context, me), cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            await CheckpointAsync(cancellationToken).ConfigureAwait(false);
        }

        return purged;
    }

    /// <summary>
    /// Copies the WAL into the database and truncates it, so the frames that held purged content are gone from the
    /// -wal file too. Runs on its own connection after the purge committed (a checkpoint cannot run inside the writer's
    /// transaction); a reader holding an old snapshot makes it partial, and the next purge or SQLite's own checkpoints
    /// finish it.
    /// </summary>
    public Task CheckpointAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenWriterConnection();
        connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        return Task.CompletedTask;
    }

    /// <summary>The tombstone of <paramref name="messageId"/>, if it was purged or withdrawn before this node held it.</summary>
    public Task<Tombstone?> TombstoneAsync(byte[] messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(LifecycleReader.TombstoneOf(connection, messageId));
    }
}
