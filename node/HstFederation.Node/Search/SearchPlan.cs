namespace HstFederation.Node.Search;

/// <summary>
/// What one query looks up: normalised <see cref="Values"/> among entries of <see cref="ExactKinds"/>, and
/// the full-text <see cref="Match"/> among entries of <see cref="TextKinds"/>. The query text goes through
/// the same normalisation as the index, so a key matches exactly what the index holds.
/// </summary>
internal sealed record SearchPlan(
    IReadOnlyList<SearchKind> ExactKinds, IReadOnlyList<string> Values, IReadOnlyList<SearchKind> TextKinds, string? Match)
{
    public bool IsEmpty => (ExactKinds.Count == 0 || Values.Count == 0) && (TextKinds.Count == 0 || Match is null);

    public static SearchPlan For(EntityQuery query)
    {
        var text = query.Text;
        return query.Kind switch
        {
            SearchKind.Document or SearchKind.Vehicle or SearchKind.Financial or SearchKind.Reference =>
                Exact(query.Kind, Normalisation.Identifier(text)),
            SearchKind.Phone => new SearchPlan([SearchKind.Phone], PhoneKeys.ForQuery(text, query.PhoneRegion), [], null),
            SearchKind.Email => Exact(query.Kind, Normalisation.Email(text)),
            SearchKind.Handle => new SearchPlan([SearchKind.Handle], Keys(Normalisation.Handle(text)), [SearchKind.Handle], FtsQuery.Build(text)),
            SearchKind.Vessel => new SearchPlan([SearchKind.Vessel], Keys(Normalisation.Identifier(text)), [SearchKind.Vessel], FtsQuery.Build(text)),
            SearchKind.Name or SearchKind.Organisation or SearchKind.Text => new SearchPlan([], [], [query.Kind], FtsQuery.Build(text)),
            SearchKind.Any => new SearchPlan(
                SearchKinds.Exact,
                Keys([Normalisation.Identifier(text), Normalisation.Email(text), Normalisation.Handle(text), .. PhoneKeys.ForQuery(text, query.PhoneRegion)]),
                SearchKinds.FullText,
                FtsQuery.Build(text)),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Kind, "Unknown search kind."),
        };
    }

    private static SearchPlan Exact(SearchKind kind, string value) => new([kind], Keys(value), [], null);

    private static List<string> Keys(params string[] values) =>
        [.. values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)];
}
