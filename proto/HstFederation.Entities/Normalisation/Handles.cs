namespace HstFederation.Entities.Normalisation;

/// <summary>
/// Online handles: "platform|handle", both trimmed and lower case, the handle without the leading '@' that
/// some write and others not (as the node's search), and without a profile link's prefix
/// ("https://t.me/x" → "x"). A handle without platform only matches handles without platform.
/// </summary>
internal static class Handles
{
    public static string? Normalise(string? platform, string? handle)
    {
        var value = (handle ?? "").Trim().ToLowerInvariant();
        var slash = value.LastIndexOf('/');
        if (value.Contains("://", StringComparison.Ordinal) || value.StartsWith("t.me/", StringComparison.Ordinal) || value.StartsWith("www.", StringComparison.Ordinal))
        {
            value = slash >= 0 ? value[(slash + 1)..] : value;
        }

        value = value.TrimStart('@');
        if (value.Length == 0 || value.Any(char.IsWhiteSpace))
        {
            return null;
        }

        return $"{(platform ?? "").Trim().ToLowerInvariant()}|{value}";
    }
}
