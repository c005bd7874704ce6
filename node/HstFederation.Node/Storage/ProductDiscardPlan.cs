namespace HstFederation.Node.Storage;

/// <summary>
/// What a product discard takes (or took): the copies' inbox rows, each left unrecorded at upgrade and still holding its
/// content. <see cref="ProductId"/>: the product they carry, null when named by an inbox row whose content no longer parses
/// and which no <c>products</c> row points at. <see cref="RecordedCopy"/>: when the copy taken is the one the product's
/// <c>products</c> row lists while a recorded copy of the product exists, that copy's inbox row, which the row lists instead
/// (null: the row keeps listing the discarded copy, purged).
/// </summary>
internal sealed record ProductDiscardPlan(byte[]? ProductId, IReadOnlyList<long> InboxLocalIds, long? RecordedCopy = null);
