namespace HstFederation.Entities.Normalisation;

/// <summary>ISO 3166-1 alpha-2 codes: trimmed, upper case; anything that is not two ASCII letters is no country ("").</summary>
internal static class Countries
{
    public static string Normalise(string? code)
    {
        var trimmed = code?.Trim() ?? "";
        return trimmed.Length == 2 && char.IsAsciiLetter(trimmed[0]) && char.IsAsciiLetter(trimmed[1])
            ? trimmed.ToUpperInvariant()
            : "";
    }
}
