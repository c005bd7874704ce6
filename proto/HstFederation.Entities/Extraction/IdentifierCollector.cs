using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Extraction;

/// <summary>Collects identifiers, skipping values a normaliser refused (null) and exact repeats (same kind, value and path).</summary>
internal sealed class IdentifierCollector
{
    private readonly List<ExtractedIdentifier> _items = [];

    public IReadOnlyList<ExtractedIdentifier> Items => _items;

    public void Add(MatchKind kind, string? value, string path)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Add(new ExtractedIdentifier(kind, value, path));
        }
    }

    public void Add(ExtractedIdentifier identifier)
    {
        if (!_items.Contains(identifier))
        {
            _items.Add(identifier);
        }
    }

    public void AddRange(IEnumerable<ExtractedIdentifier> identifiers)
    {
        foreach (var identifier in identifiers)
        {
            Add(identifier);
        }
    }
}
