namespace HstFederation.Node.Search;

/// <summary>The text stored in <c>entities.kind</c> for each <see cref="SearchKind"/>, and back.</summary>
internal static class SearchKinds
{
    /// <summary>Kinds looked up by normalised value (an index on (kind, value)).</summary>
    public static readonly IReadOnlyList<SearchKind> Exact =
        [SearchKind.Document, SearchKind.Phone, SearchKind.Email, SearchKind.Handle, SearchKind.Vehicle, SearchKind.Vessel,
         SearchKind.Financial, SearchKind.Reference];

    /// <summary>Kinds looked up through the full-text index (tokens, prefixes, folded diacritics).</summary>
    public static readonly IReadOnlyList<SearchKind> FullText =
        [SearchKind.Name, SearchKind.Organisation, SearchKind.Handle, SearchKind.Vessel, SearchKind.Text];

    public static string ToStorage(this SearchKind kind) => kind switch
    {
        SearchKind.Any => throw new ArgumentOutOfRangeException(nameof(kind), kind, "'any' is a query, not an entry."),
        _ when Enum.IsDefined(kind) => kind.ToString().ToLowerInvariant(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind."),
    };

    public static SearchKind FromStorage(string kind) =>
        Enum.TryParse<SearchKind>(kind, ignoreCase: true, out var parsed) && parsed != SearchKind.Any && kind == parsed.ToStorage()
            ? parsed
            : throw new InvalidOperationException($"Unknown entity kind '{kind}' in the database.");
}
