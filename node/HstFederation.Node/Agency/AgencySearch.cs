using HstFederation.Node.Search;
using HstFederation.Protocol.Validation;

namespace HstFederation.Node.Agency;

/// <summary>Reads the agency's search request into the store's terms; every problem names its field.</summary>
internal static class AgencySearch
{
    public static SearchKind Kind(string kind)
    {
        if (string.IsNullOrEmpty(kind))
        {
            return SearchKind.Any;
        }

        var known = Enum.GetValues<SearchKind>().ToDictionary(k => k.ToString().ToLowerInvariant(), StringComparer.OrdinalIgnoreCase);
        return known.TryGetValue(kind, out var parsed)
            ? parsed
            : throw AgencyException.Invalid("kind", ErrorCodes.InvalidEnum, $"one of {string.Join(", ", known.Keys)}");
    }

    public static string Text(string query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw AgencyException.Invalid("query", ErrorCodes.Required, "give something to search for");
        }

        return query.Length <= EntityQuery.MaxTextLength
            ? query
            : throw AgencyException.Invalid("query", ErrorCodes.TooLong, $"at most {EntityQuery.MaxTextLength} characters");
    }
}
