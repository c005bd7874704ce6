namespace HstFederation.Node.Storage;

/// <summary>
/// What `products discard` names: a product (its <c>products</c> row: the copy it points at and every other unrecorded copy
/// of the same product), or one inbox row holding a product copy (inbox:N, as 'products' and the audit's 'unrecorded'
/// entries name it).
/// </summary>
internal sealed record ProductDiscardTarget
{
    private ProductDiscardTarget(long? productRow, long? inboxLocalId)
    {
        ProductRow = productRow;
        InboxLocalId = inboxLocalId;
    }

    public long? ProductRow { get; }

    public long? InboxLocalId { get; }

    public static ProductDiscardTarget Product(long productRow) => new(productRow, null);

    public static ProductDiscardTarget InboxRow(long localId) => new(null, localId);
}
