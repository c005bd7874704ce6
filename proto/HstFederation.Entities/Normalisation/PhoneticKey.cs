using System.Text;

namespace HstFederation.Entities.Normalisation;

/// <summary>
/// A consonant skeleton of a folded name token that transliteration variants share (docs/matching.md §3):
/// "mohammed", "muhammad" and the Arabic-script "mhmd" → "mhmd"; "khaled", "khalid" → "hld";
/// "youssef", "yusuf" → "sf"; "oleksandr", "aleksandr", "alexander" → "lksndr". Digraphs of the common
/// romanisations are merged (kh→h, sh/sch→s, zh/dj/dzh→j, ph→f, th→t, dh→d, gh→g, ck→k), c/q→k, x→ks, z→s;
/// vowels and the semivowels y, w, j are dropped (Arabic script writes no short vowels; й, ю, я, و and ي are
/// romanised as y, j, w, u or i); doubled letters collapse. The blocking index keys persons by it, and the
/// name similarity counts equal skeletons as a near-match.
/// </summary>
internal static class PhoneticKey
{
    private static readonly (string From, string To)[] Digraphs =
    [
        ("dzh", "j"), ("sch", "s"), ("kh", "h"), ("sh", "s"), ("zh", "j"), ("dj", "j"), ("ph", "f"), ("th", "t"),
        ("dh", "d"), ("gh", "g"), ("ck", "k"), ("ch", "c"),
    ];

    public static string Of(string token)
    {
        var builder = new StringBuilder(token.Length);
        var i = 0;
        while (i < token.Length)
        {
            var digraph = Array.Find(Digraphs, d => string.CompareOrdinal(token, i, d.From, 0, d.From.Length) == 0);
            string letters;
            if (digraph.From is not null)
            {
                letters = digraph.To;
                i += digraph.From.Length;
            }
            else
            {
                letters = Single(token[i]);
                i++;
            }

            foreach (var letter in letters)
            {
                if (builder.Length == 0 || builder[^1] != letter)
                {
                    builder.Append(letter);
                }
            }
        }

        return builder.ToString();
    }

    private static string Single(char c) => c switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'w' or 'j' => "",
        'c' or 'q' => "k",
        'x' => "ks",
        'z' => "s",
        _ => c.ToString(),
    };
}
