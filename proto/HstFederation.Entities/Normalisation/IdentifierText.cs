using System.Globalization;
using System.Text;

namespace HstFederation.Entities.Normalisation;

/// <summary>
/// The separator rule every identifier shares, as the node's search does (node Search/Normalisation): upper
/// case; white space, dashes (any Unicode dash), dots, slashes and middle dots removed; full-width forms (East
/// Asian keyboards) read as ASCII. "ly 773-1902", "LY7731902" and "LY.773/1902" are one identifier.
/// </summary>
internal static class IdentifierText
{
    public static string Compact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var ascii = rune.Value is >= 0xFF01 and <= 0xFF5E ? new Rune(rune.Value - 0xFEE0) : rune;
            if (!IsSeparator(ascii))
            {
                builder.Append(Rune.ToUpperInvariant(ascii).ToString());
            }
        }

        return builder.ToString();
    }

    /// <summary>True when every character is an ASCII letter or digit (what survives <see cref="Compact"/> in a sane identifier).</summary>
    public static bool IsAlphanumeric(string value) => value.Length > 0 && value.All(char.IsAsciiLetterOrDigit);

    public static bool IsDigits(string value) => value.Length > 0 && value.All(char.IsAsciiDigit);

    private static bool IsSeparator(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || Rune.GetUnicodeCategory(rune) == UnicodeCategory.DashPunctuation
        || rune.Value is '.' or '/' or '\\' or '\u2215' or '\u00B7';
}
