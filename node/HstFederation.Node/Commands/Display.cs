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

            if (RewritesTerminal(rune))
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

    /// <summary>A control, format (U+202E among them) or line/paragraph separator: what <see cref="Safe"/> escapes.</summary>
    public static bool RewritesTerminal(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>The time, or "no date (N ms)" for a stored value no date holds (<see cref="Storage.StoredTime"/>): one row does not fail a listing.</summary>
    public static string Time(long unixMs) => Storage.StoredTime.Of(unixMs) is { } time
        ? Time(time)
        : string.Create(CultureInfo.InvariantCulture, $"no date ({unixMs} ms)");

    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Handling(HstFederation.Protocol.V1.HandlingCode? code) => code switch
    {
        HstFederation.Protocol.V1.HandlingCode.H0 => "H0",
        HstFederation.Protocol.V1.HandlingCode.H1 => "H1",
        HstFederation.Protocol.V1.HandlingCode.H2 => "H2",
        HstFederation.Protocol.V1.HandlingCode.H3 => "H3",
        _ => "-",
    };

    /// <summary>"reference title" of a stored message, or what is known when its content is not an HST message.</summary>
    public static string Case(Storage.MessageSummary summary) =>
        !summary.Parsed ? "(not an HST message)" : string.Join(" ", new[] { summary.CaseReference, summary.CaseTitle }.Where(s => !string.IsNullOrEmpty(s)));

    /// <summary>"FR" for urn:hst:member:FR; other URIs as they are.</summary>
    public static string Party(string uri) =>
        HstFederation.Protocol.Identities.PartyId.TryParse(uri, out var party) && !party.IsHub ? party.Code : uri;

    /// <summary>A list's version column: "2", or "1 superseded" when this node holds a newer version of the case.</summary>
    public static string Version(int version, byte[]? supersededBy) =>
        supersededBy is null ? version.ToString(CultureInfo.InvariantCulture) : $"{version.ToString(CultureInfo.InvariantCulture)} superseded";
}
