using System.Text;
using AnyAscii;

namespace HstFederation.Entities.Normalisation;

/// <summary>
/// Names to folded Latin tokens (docs/matching.md §1): any script is transliterated to ASCII by AnyAscii,
/// which also does what NFKC and diacritic stripping would (full-width letters, ligatures, "é" → "e",
/// "Ł" → "L", "ß" → "ss"); .NET's own Unicode normalisation is unavailable because the services run with
/// InvariantGlobalization. Apostrophes and ayn/hamza marks are dropped inside a token ("O'Brien" →
/// "obrien", "'Ahmad" → "ahmad"); every other non-alphanumeric character separates tokens.
/// </summary>
internal static class NameText
{
    // AnyAscii reads a precomposed letter and its decomposed form (base + combining mark) differently when
    // the mark changes the letter's transliteration, e.g. "й" → "y" but "и" + U+0306 → "i". These are the
    // Cyrillic letters where that happens; composing them first is the NFC step that matters for names.
    private static readonly Dictionary<(char Base, char Mark), char> Compositions = new()
    {
        [('и', '\u0306')] = 'й', [('И', '\u0306')] = 'Й',
        [('у', '\u0306')] = 'ў', [('У', '\u0306')] = 'Ў',
        [('е', '\u0308')] = 'ё', [('Е', '\u0308')] = 'Ё',
        [('і', '\u0308')] = 'ї', [('І', '\u0308')] = 'Ї',
        [('е', '\u0300')] = 'ѐ', [('и', '\u0300')] = 'ѝ',
        [('г', '\u0301')] = 'ѓ', [('к', '\u0301')] = 'ќ',
    };

    /// <summary>The folded tokens of <paramref name="text"/>, in written order.</summary>
    public static IReadOnlyList<string> Tokens(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var ascii = Compose(text).Transliterate();
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in ascii)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (c is not ('\'' or '`' or '\u2019' or '\u02BC' or '\u02BB'))
            {
                Flush(tokens, current);
            }
        }

        Flush(tokens, current);
        return tokens;
    }

    /// <summary>The tokens joined by one space: the comparable form of an organisation's or a person's name.</summary>
    public static string Key(string? text) => string.Join(' ', Tokens(text));

    /// <summary>Whether <paramref name="text"/> is already Latin (ASCII after folding diacritics), e.g. to skip a redundant transliteration.</summary>
    public static bool IsAscii(string text) => Transliteration.IsAscii(text);

    private static string Compose(string text)
    {
        if (!text.Contains('\u0306') && !text.Contains('\u0308') && !text.Contains('\u0300') && !text.Contains('\u0301'))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (builder.Length > 0 && Compositions.TryGetValue((builder[^1], c), out var composed))
            {
                builder[^1] = composed;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static void Flush(List<string> tokens, StringBuilder current)
    {
        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
            current.Clear();
        }
    }
}
