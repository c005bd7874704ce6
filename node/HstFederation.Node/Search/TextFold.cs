using System.Globalization;
using System.Text;

namespace HstFederation.Node.Search;

/// <summary>
/// Folds text before it reaches the full-text index, for what FTS5's <c>remove_diacritics 2</c> leaves:
/// Latin letters that do not decompose (Ł, Ø, ß, Æ, Œ, Đ, Ħ, Þ, ı), Cyrillic Ё, Arabic short-vowel marks
/// and tatweel, the Arabic letter variants search engines fold (alef with hamza or madda, teh marbuta, alef
/// maqsura; as Lucene's ArabicNormalizer), and Hebrew points. The index and the query are folded alike, so
/// "Łukasz" finds "Lukasz" and a vocalised Arabic name finds the unvocalised one. .NET's Unicode
/// normalisation is unavailable here (InvariantGlobalization); precomposed diacritics are FTS5's job.
/// </summary>
internal static class TextFold
{
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case >= '\u064B' and <= '\u065F' or '\u0670' or '\u0640':
                case >= '\u05B0' and <= '\u05BD' or '\u05BF' or '\u05C1' or '\u05C2' or '\u05C4' or '\u05C5' or '\u05C7':
                    break;
                case '\u0622' or '\u0623' or '\u0625' or '\u0671':
                    builder.Append('\u0627');
                    break;
                case '\u0629':
                    builder.Append('\u0647');
                    break;
                case '\u0649':
                    builder.Append('\u064A');
                    break;
                case 'Ł' or 'ł':
                    builder.Append('l');
                    break;
                case 'Ø' or 'ø':
                    builder.Append('o');
                    break;
                case 'Đ' or 'đ' or 'Ð' or 'ð':
                    builder.Append('d');
                    break;
                case 'Ħ' or 'ħ':
                    builder.Append('h');
                    break;
                case 'ı':
                    builder.Append('i');
                    break;
                case 'ß' or 'ẞ':
                    builder.Append("ss");
                    break;
                case 'Æ' or 'æ':
                    builder.Append("ae");
                    break;
                case 'Œ' or 'œ':
                    builder.Append("oe");
                    break;
                case 'Þ' or 'þ':
                    builder.Append("th");
                    break;
                case 'Ё' or 'ё':
                    builder.Append('\u0435');
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The tokens FTS5 will see (<c>unicode61</c> with categories L*, N*, Co, M*), folded and lower case.
    /// Everything else — spaces, punctuation, symbols, quotes, operators — separates tokens.
    /// </summary>
    public static IReadOnlyList<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in Fold(text).EnumerateRunes())
        {
            if (IsTokenRune(rune))
            {
                current.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    /// <summary>A comparable form of a name: folded, lower case, tokens joined by one space.</summary>
    public static string Key(string text) => string.Join(' ', Tokens(text));

    private static bool IsTokenRune(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
        UnicodeCategory.PrivateUse => true,
        _ => false,
    };
}
