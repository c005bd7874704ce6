using F23.StringSimilarity;

namespace HstFederation.Entities.Matching;

/// <summary>
/// Similarity of folded name tokens and token lists (docs/matching.md §3). Tokens compare by Jaro-Winkler;
/// tokens with the same phonetic skeleton count at least <see cref="PhoneticMatch"/> (transliteration
/// variants: "youssef" / "yusuf"); a single letter matches a token it begins (initials) at
/// <see cref="InitialMatch"/>. Lists align token by token, greedily best first, so order does not matter,
/// and also compare run together, so "al hassan" matches "alhassan" and "abdul rahman" matches "abdulrahman".
/// </summary>
internal static class NameSimilarity
{
    public const double PhoneticMatch = 0.97;
    public const double InitialMatch = 0.85;

    /// <summary>What each extra token of the longer list costs: a middle name more on one side is common, but is a difference.</summary>
    public const double UnmatchedTokenPenalty = 0.04;

    private static readonly JaroWinkler JaroWinkler = new();

    public static double Tokens(Prepared a, Prepared b)
    {
        if (a.Text == b.Text)
        {
            return 1;
        }

        if (a.Text.Length == 0 || b.Text.Length == 0)
        {
            return 0;
        }

        if (a.Text.Length == 1 || b.Text.Length == 1)
        {
            return a.Text[0] == b.Text[0] ? InitialMatch : 0;
        }

        var similarity = JaroWinkler.Similarity(a.Text, b.Text);
        return a.Key.Length >= 2 && a.Key == b.Key ? Math.Max(similarity, PhoneticMatch) : similarity;
    }

    /// <summary>The better of token alignment and the run-together comparison; null when a side is empty.</summary>
    public static double? Lists(Prepared[] a, Prepared[] b, Prepared joinedA, Prepared joinedB)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return null;
        }

        var aligned = Aligned(a, b);
        return a.Length == 1 && b.Length == 1 ? aligned : Math.Max(aligned, Tokens(joinedA, joinedB));
    }

    /// <summary>
    /// Greedy best-first alignment: the mean similarity of the shorter list's tokens to distinct tokens of the
    /// longer, less <see cref="UnmatchedTokenPenalty"/> per token left over.
    /// </summary>
    public static double Aligned(Prepared[] a, Prepared[] b)
    {
        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        Span<double> scores = stackalloc double[shorter.Length * longer.Length];
        for (var i = 0; i < shorter.Length; i++)
        {
            for (var j = 0; j < longer.Length; j++)
            {
                scores[(i * longer.Length) + j] = Tokens(shorter[i], longer[j]);
            }
        }

        Span<bool> usedShort = stackalloc bool[shorter.Length];
        Span<bool> usedLong = stackalloc bool[longer.Length];
        var total = 0.0;
        for (var round = 0; round < shorter.Length; round++)
        {
            var (best, bi, bj) = (-1.0, 0, 0);
            for (var i = 0; i < shorter.Length; i++)
            {
                for (var j = 0; j < longer.Length && !usedShort[i]; j++)
                {
                    if (!usedLong[j] && scores[(i * longer.Length) + j] > best)
                    {
                        (best, bi, bj) = (scores[(i * longer.Length) + j], i, j);
                    }
                }
            }

            usedShort[bi] = usedLong[bj] = true;
            total += best;
        }

        return (total / shorter.Length) - (UnmatchedTokenPenalty * (longer.Length - shorter.Length));
    }
}
