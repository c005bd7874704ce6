using HstFederation.Node.Intelligence;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>What the hub itself sends: hit notifications and analytical products, and the releases of hits.</summary>
internal sealed partial class NodeStore
{
    public const int MaxIntelligencePage = 1000;

    /// <summary>
    /// Stores a verified hit notification from the hub as an inbox row (once per sender and message id, like every
    /// delivery; <paramref name="cursor"/> moves in the same transaction) with its <c>hits</c> row. Not indexed. One whose
    /// message was purged here is emptied on arrival, with any earlier notification of its hit, and the WAL truncated after.
    /// </summary>
    public async Task<StoredReceive> StoreHitAsync(ReceivedEnvelope item, ReceivedHit hit, long? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(hit);
        item.Validate();
        var (stored, purged) = await _writer.RunAsync(context => IntelligenceTransactions.StoreHit(context, item, hit, cursor), cancellationToken)
            .ConfigureAwait(false);
        return await CheckpointIfAsync(purged, stored, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a verified analytical product from the hub as an inbox row with its <c>products</c> row and its sources. Not
    /// indexed. One built from a message purged here is purged on arrival, with any earlier copy, and the WAL truncated after.
    /// </summary>
    public async Task<StoredReceive> StoreProductAsync(
        ReceivedEnvelope item, ReceivedProduct product, long? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(product);
        item.Validate();
        var (stored, purged) = await _writer.RunAsync(context => IntelligenceTransactions.StoreProduct(context, item, product, cursor), cancellationToken)
            .ConfigureAwait(false);
        return await CheckpointIfAsync(purged, stored, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a verified withdrawal from the hub as an inbox row and applies it in the same transaction
    /// (<see cref="HubWithdrawals"/>): each named message held with that header is purged, one never received is recorded
    /// as withdrawn (its number is no gap), a copy with another header or another own number to <paramref name="me"/> (this
    /// node's party URI) is alarmed. The WAL is truncated after a purge.
    /// </summary>
    public async Task<StoredReceive> StoreWithdrawalAsync(
        ReceivedEnvelope item, HubWithdrawal withdrawal, string me, long? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(withdrawal);
        ArgumentException.ThrowIfNullOrEmpty(me);
        item.Validate();
        var (stored, purged) = await _writer.RunAsync(context => HubWithdrawals.Store(context, item, withdrawal, cursor, me), cancellationToken)
            .ConfigureAwait(false);
        return await CheckpointIfAsync(purged, stored, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hits, newest first; <paramref name="before"/> is the previous page's <see cref="MessagePage{T}.NextBeforeLocalId"/>.</summary>
    public Task<MessagePage<HitEntry>> ListHitsAsync(long? before, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxIntelligencePage);
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(IntelligenceReader.Hits(connection, before, limit));
    }

    /// <summary>The hits whose id ends with <paramref name="selector"/> (<see cref="IntelligenceIds.Selector"/>); several when ambiguous.</summary>
    public Task<IReadOnlyList<HitEntry>> FindHitsAsync(string selector, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(selector);
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(IntelligenceReader.HitsBySelector(connection, selector));
    }

    /// <summary>The hits naming this NCB's message <paramref name="messageId"/>.</summary>
    public Task<IReadOnlyList<HitEntry>> HitsForMessageAsync(byte[] messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(IntelligenceReader.HitsForMessage(connection, messageId));
    }

    /// <summary>
    /// Records the final outcome of a release (released, or refused with a reason) on hit row <paramref name="hitRowId"/>,
    /// audited in the same transaction with <paramref name="auditDetail"/> and <paramref name="certificate"/> (the serial of the
    /// client certificate an agency's call came through; null for an operator's release); false when the hit is not held.
    /// </summary>
    public Task<bool> RecordReleaseAsync(
        long hitRowId, byte[] messageId, HitRelease release, string auditDetail, string? certificate = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentException.ThrowIfNullOrEmpty(release.Actor);
        ArgumentNullException.ThrowIfNull(auditDetail);
        if (release.State == ReleaseState.None)
        {
            throw new ArgumentException("A release is recorded once it is final: released or refused.", nameof(release));
        }

        return _writer.RunAsync(context => IntelligenceTransactions.RecordRelease(context, hitRowId, messageId, release, auditDetail, certificate), cancellationToken);
    }

    /// <summary>
    /// Products still held, newest first, without their content: what the agency API may serve. A purged product
    /// (<see cref="PurgedProducts"/>) is not among them, nor one whose sources are not recorded; <see cref="ListAllProductsAsync"/> lists it for the operator.
    /// </summary>
    public Task<MessagePage<ProductSummary>> ListProductsAsync(long? before, int limit, CancellationToken cancellationToken = default) =>
        ProductPage(before, limit, includePurged: false);

    /// <summary>Every product row, purged ones too (marked, for the operator's ledger), newest first, without their content.</summary>
    public Task<MessagePage<ProductSummary>> ListAllProductsAsync(long? before, int limit, CancellationToken cancellationToken = default) =>
        ProductPage(before, limit, includePurged: true);

    /// <summary>The product of a <c>products</c> row, or null once purged (it may be purged between a list and this read).</summary>
    public Task<AnalyticalProduct?> ProductIfHeldAsync(ProductSummary summary, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadProduct(summary));

    /// <summary>The products still held (their sources recorded) whose id ends with <paramref name="selector"/>, in full; several when ambiguous.</summary>
    public Task<IReadOnlyList<ProductEntry>> FindProductsAsync(string selector, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(selector);
        using var connection = Database.OpenReadConnection();
        return connection.InReadTransaction(() =>
        {
            return Task.FromResult<IReadOnlyList<ProductEntry>>([.. IntelligenceReader.ProductsBySelector(connection, selector, includePurged: false)
                .Where(summary => PurgedProducts.IsRecorded(connection, summary.InboxLocalId))
                .Select(summary => new ProductEntry(summary, IntelligenceReader.Product(connection, summary)!))]);
        });
    }

    /// <summary>Every product row whose id ends with <paramref name="selector"/>, purged ones too; several when ambiguous.</summary>
    public Task<IReadOnlyList<ProductSummary>> FindAllProductsAsync(string selector, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(selector);
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(IntelligenceReader.ProductsBySelector(connection, selector, includePurged: true));
    }

    private Task<MessagePage<ProductSummary>> ProductPage(long? before, int limit, bool includePurged)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxIntelligencePage);
        using var connection = Database.OpenReadConnection();
        var page = IntelligenceReader.Products(connection, before, limit, includePurged);
        if (includePurged)
        {
            return Task.FromResult(page);
        }

        // A product whose sources the open-time catch-up could not record is not served (PurgedProducts.IsRecorded); the
        // page may come short, its cursor still where the reader stopped.
        return Task.FromResult(page with { Items = [.. page.Items.Where(p => PurgedProducts.IsRecorded(connection, p.InboxLocalId))] });
    }

    /// <summary>An earlier copy emptied on arrival was committed before: its old frames stay in the WAL until a checkpoint.</summary>
    private async Task<StoredReceive> CheckpointIfAsync(bool purged, StoredReceive stored, CancellationToken cancellationToken)
    {
        if (purged)
        {
            await CheckpointAsync(cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }

    private AnalyticalProduct? ReadProduct(ProductSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var connection = Database.OpenReadConnection();
        return IntelligenceReader.Product(connection, summary);
    }
}
