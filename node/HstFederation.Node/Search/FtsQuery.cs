namespace HstFederation.Node.Search;

/// <summary>
/// Turns what a person typed into an FTS5 query that means only "every word, as a prefix": each token
/// (letters, digits, marks, as FTS5's tokenizer sees them) becomes a quoted string with a prefix star,
/// and the strings are ANDed. Quotes, parentheses, stars, carets, colons, <c>OR</c>/<c>AND</c>/<c>NOT</c>
/// and <c>NEAR</c> typed by a user are separators or plain words, never operators. A token shorter than
/// <see cref="MinPrefixLength"/> characters is looked for as a whole word: the index has no prefix option, so FTS5
/// expands a prefix by merging the entries of every word that starts with it, inside one SQLite step that no budget
/// or cancellation can stop. A one-letter prefix is a twentieth of the whole index ("a b c … p": all of it), and the
/// common two-letter ones ("ma", "al", "an" …) each a large share, sixteen of them most of it; three letters narrow
/// enough that one step stays small.
/// </summary>
internal static class FtsQuery
{
    /// <summary>More words than this in one search narrow nothing further and only cost time.</summary>
    public const int MaxTokens = 16;

    /// <summary>Tokens of fewer characters (Unicode scalar values) match whole words only, never as a prefix.</summary>
    public const int MinPrefixLength = 3;

    /// <summary>The MATCH expression, or null when the text has no word to look for.</summary>
    public static string? Build(string text)
    {
        var tokens = TextFold.Tokens(text);
        return tokens.Count == 0
            ? null
            : string.Join(' ', tokens.Distinct(StringComparer.Ordinal).Take(MaxTokens).Select(Term));
    }

    private static string Term(string token)
    {
        var quoted = "\"" + token.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return token.EnumerateRunes().Count() < MinPrefixLength ? quoted : quoted + "*";
    }
}
