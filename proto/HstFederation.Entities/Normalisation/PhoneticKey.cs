using System.Text;

namespace HstFederation.Entities.Normalisation;

/// <summary>
/// A consonant skeleton of a folded name token that transliteration variants share (docs/matching.md §3):
/// "mohammed", "muhammad" and the Arabic-script "mhmd" → "mhmd"; "khaled", "khalid" → "hld";
/// "youssef", "yusuf" → "sf"; "oleksandr", "aleksandr", "alexander" → "lksndr"; "pavlov", "pawlow" → "pl". Digraphs of the common
/// romanisations are merged (kh→h, sh/sch→s, ch/tch/tsch→c, zh→j, ts/tz→s, ph→f, th→t, dh→d, gh→g, ck→k),
/// c/q→k, x→ks, z→s; vowels and the semivowels y and j are dropped, and dj/dzh with them (Arabic script
/// writes no short vowels; й, ю, я and ي are romanised as y, j or i; ج as j, dj or dzh: "jaber" / "djaber"),
/// v and w count only before a vowel; doubled letters
/// collapse. Romanisations that disagree on a letter (German "ch" for х, French "ch" for ш) keep
/// different keys: the name similarity and the other blocking keys have to find those. The blocking index keys persons by it, and the
/// name similarity counts equal skeletons as a near-match.
/// </summary>
internal static class PhoneticKey
{
    private static readonly (string From, string To)[] Digraphs =
    [
        ("tsch", "c"), ("dzh", ""), ("sch", "s"), ("tch", "c"), ("kh", "h"), ("sh", "s"), ("zh", "j"), ("dj", ""),
        ("ph", "f"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("ck", "k"), ("ch", "c"), ("ts", "s"), ("tz", "s"),
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
                letters = Single(token, i);
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

    private static string Single(string token, int i) => token[i] switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'j' => "",
        // v and w before a vowel are the consonant (Ivanov / Iwanow); before a consonant or at the end they
        // are a vowel or a silent ending (Pavlov / Pawlow, Arabic "ywsf" for Youssef, "nwr" for Nour).
        'v' or 'w' => i + 1 < token.Length && IsVowel(token[i + 1]) ? "v" : "",
        'c' or 'q' => "k",
        'x' => "ks",
        'z' => "s",
        var c => c.ToString(),
    };

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
}
