namespace HstFederation.Node.Storage;

/// <summary>The operator's discard of products left unrecorded at upgrade (<see cref="ProductDiscard"/>).</summary>
internal sealed partial class NodeStore
{
    /// <summary>What <see cref="DiscardProductAsync"/> would take now; throws <see cref="ProductDiscardRefusedException"/>.</summary>
    public Task<ProductDiscardPlan> PlanProductDiscardAsync(ProductDiscardTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(connection.InReadTransaction(() => ProductDiscard.Plan(connection, target)));
    }

    /// <summary>
    /// Purges the copies <paramref name="target"/> names, checked again in the writer's transaction, audited with
    /// <paramref name="actor"/>, then truncates the WAL as every purge does. Throws <see cref="ProductDiscardRefusedException"/>.
    /// </summary>
    public async Task<ProductDiscardPlan> DiscardProductAsync(ProductDiscardTarget target, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var plan = await _writer.RunAsync(context => ProductDiscard.Discard(context, target, actor), cancellationToken).ConfigureAwait(false);
        await CheckpointAsync(cancellationToken).ConfigureAwait(false);
        return plan;
    }
}
