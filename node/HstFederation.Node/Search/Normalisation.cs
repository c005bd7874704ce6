using System.Globalization;
using System.Text;

namespace HstFederation.Node.Search;

/// <summary>
/// Lookup keys for identifiers, e-mails and handles. The index and the query use the same functions, so
/// "ly 773-1902", "LY7731902" and "LY.773/1902" are one key. Display values keep the text as written.
/// </summary>
internal static class Normalisation
{
    /// <summary>
    /// Document numbers, plates, VINs, IMO/MMSI, IBANs, references: upper case, without white space, dashes
    /// (any Unicode dash), dots and slashes; full-width forms (typed on East Asian keyboards) become ASCII.
    /// </summary>
    public static string Identifier(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value is >= 0xFF01 and <= 0xFF5E ? new Rune(rune.Value - 0xFEE0) : rune;
            if (Rune.IsWhiteSpace(value) || Rune.GetUnicodeCategory(value) == UnicodeCategory.DashPunctuation
                || value.Value is '.' or '/' or '\\' or '\u2215' or '\u00B7')
            {
                continue;
            }

            builder.Append(Rune.ToUpperInvariant(value).ToString());
        }

        return builder.ToString();
    }

    /// <summary>E-mail addresses: trimmed and lower case (the local part is case-insensitive in practice).</summary>
    public static string Email(string text) => text.Trim().ToLowerInvariant();

    /// <summary>Online handles: trimmed, lower case, without the leading '@' that some write and others not.</summary>
    public static string Handle(string text) => text.Trim().TrimStart('@').ToLowerInvariant();
}
