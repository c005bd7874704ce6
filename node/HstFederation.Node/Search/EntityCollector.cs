namespace HstFederation.Node.Search;

/// <summary>
/// Accumulates the entries of one message; blank text is skipped (an empty field identifies nothing). A
/// lookup value longer than any query can be (<see cref="EntityQuery.MaxTextLength"/>) could never match, so
/// it is kept empty rather than bloating the (kind, value) index; the display is always kept whole.
/// </summary>
internal sealed class EntityCollector
{
    private readonly List<IndexedEntity> _entities = [];

    public IReadOnlyList<IndexedEntity> Entities => _entities;

    /// <summary>An identifier looked up by its normalised value only.</summary>
    public void Exact(SearchKind kind, string display, string value, string? qualifier, string path)
    {
        if (!string.IsNullOrWhiteSpace(display) && value.Length > 0)
        {
            _entities.Add(new IndexedEntity(kind, Bounded(value), display, Blank(qualifier), path, null));
        }
    }

    /// <summary>A name or term found by its tokens; <paramref name="value"/> defaults to the folded key.</summary>
    public void Words(SearchKind kind, string display, string? qualifier, string path, string? value = null)
    {
        if (!string.IsNullOrWhiteSpace(display))
        {
            _entities.Add(new IndexedEntity(kind, Bounded(value ?? TextFold.Key(display)), display, Blank(qualifier), path, TextFold.Fold(display)));
        }
    }

    /// <summary>Free text: found through the full-text index only, so no lookup value is kept.</summary>
    public void Text(string display, string path)
    {
        if (!string.IsNullOrWhiteSpace(display))
        {
            _entities.Add(new IndexedEntity(SearchKind.Text, "", display, null, path, TextFold.Fold(display)));
        }
    }

    public static string Item(string parent, string name, int index) => $"{Field(parent, name)}[{index}]";

    public static string Field(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    private static string Bounded(string value) => value.Length > EntityQuery.MaxTextLength ? "" : value;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
