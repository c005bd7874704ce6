namespace HstFederation.Node.Search;

/// <summary>
/// One entry of the entity index: <see cref="Value"/> is the normalised lookup key (empty for free text,
/// which is found through the full-text index only), <see cref="Display"/> the text exactly as written,
/// <see cref="Qualifier"/> what qualifies it (document type and issuing country, platform, script …),
/// <see cref="Path"/> the field, e.g. <c>persons[1].documents[0].number</c>. <see cref="FullText"/> is the
/// folded text for the full-text index, or null when the entry is looked up by value only.
/// </summary>
internal sealed record IndexedEntity(
    SearchKind Kind, string Value, string Display, string? Qualifier, string Path, string? FullText);
