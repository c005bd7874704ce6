namespace HstFederation.Entities;

/// <summary>
/// An organisation by its normalised name and aliases (docs/matching.md §1: folded, without punctuation and
/// legal-form suffixes). <see cref="Path"/> is e.g. <c>organisations[0]</c>.
/// </summary>
public sealed record OrganisationRecord(string Path, string Name, IReadOnlyList<string> Aliases)
{
    /// <summary>The name and the aliases, distinct and non-empty: what matching compares.</summary>
    public IEnumerable<string> Keys => new[] { Name }.Concat(Aliases).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal);
}
