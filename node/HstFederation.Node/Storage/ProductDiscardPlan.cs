namespace HstFederation.Node.Storage;

/// <summary>
/// What a product discard takes (or took): the copies' inbox rows, each left unrecorded at upgrade and still holding its
/// content. <see cref="ProductId"/>: the product they carry, null when named by an inbox row whose content no longer parses
/// and which no <c>products</c> row points at.
/// </summary>
internal sealed record ProductDiscardPlan(byte[]? ProductId, IReadOnlyList<long> InboxLocalIds);
