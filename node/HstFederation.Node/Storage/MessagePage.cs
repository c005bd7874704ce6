namespace HstFederation.Node.Storage;

/// <summary>
/// One page of a list, newest first. <see cref="NextBeforeLocalId"/> is the keyset for the next page (pass
/// it as the query's BeforeLocalId), or null when this is the last page.
/// </summary>
internal sealed record MessagePage<T>(IReadOnlyList<T> Items, long? NextBeforeLocalId);
