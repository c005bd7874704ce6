using System.Globalization;

namespace HstFederation.Node.Intelligence;

/// <summary>
/// Hit and product ids are 16 bytes the hub assigns. Written as 32 lower-case hex digits; the short form is the
/// last <see cref="ShortLength"/> digits (the end of the id: the random part of a UUIDv7, the counter of a
/// sequential id), which is what lists show and what an operator types. A selector is a short form, any longer
/// end of the id, or the whole id (dashes allowed).
/// </summary>
internal static class IntelligenceIds
{
    public const int Size = 16;
    public const int ShortLength = 8;

    public static string Format(ReadOnlySpan<byte> id) => Convert.ToHexStringLower(id);

    public static string Short(ReadOnlySpan<byte> id) => Format(id)[^ShortLength..];

    /// <summary>The lower-case hex digits an id must end with, or null when <paramref name="text"/> is no selector.</summary>
    public static string? Selector(string text)
    {
        var digits = text.Trim().Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return digits.Length is >= ShortLength and <= Size * 2 && digits.All(char.IsAsciiHexDigit) ? digits : null;
    }

    /// <summary>The 16 bytes of a whole id in hex (dashes allowed), or null.</summary>
    public static byte[]? Parse(string text) =>
        Selector(text) is { Length: Size * 2 } digits ? Convert.FromHexString(digits) : null;

    public static string Describe(string selector) =>
        selector.Length == Size * 2 ? selector : string.Create(CultureInfo.InvariantCulture, $"…{selector}");
}
