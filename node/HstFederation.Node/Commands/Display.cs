using System.Globalization;
using System.Text;

namespace HstFederation.Node.Commands;

/// <summary>
/// Message text comes from other countries' systems and may hold control characters or bidirectional
/// overrides (U+202E) that would rewrite what an operator sees. Text for people shows them as \u escapes;
/// --json output keeps every string exactly.
/// </summary>
internal static class Display
{
    public static string Safe(string? text, int maxLength = int.MaxValue)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 16);
        foreach (var rune in text.EnumerateRunes())
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}");
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    public static string Time(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"FR" for urn:hst:member:FR; other URIs as they are.</summary>
    public static string Party(string uri) =>
        HstFederation.Protocol.Identities.PartyId.TryParse(uri, out var party) && !party.IsHub ? party.Code : uri;
}
