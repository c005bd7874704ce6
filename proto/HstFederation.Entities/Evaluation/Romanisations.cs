using System.Text;
using AnyAscii;

namespace HstFederation.Entities.Evaluation;

/// <summary>
/// Four romanisations of Cyrillic as sources write them (docs/matching.md §4): AnyAscii's, the ICAO 9303
/// passport table (х kh, ц ts, й i, ю iu, я ia), a German-style one (х ch, ш sch, ч tsch, ж sh, й j, в w, ц z)
/// and a French-style one (ч tch, ш ch, ж j, у ou, ю iou). Letters a table leaves out go through AnyAscii.
/// </summary>
internal static class Romanisations
{
    public const int Count = 4;

    private static readonly Dictionary<char, string> Icao = Table(
        "а a б b в v г g д d е e ё e ж zh з z и i й i к k л l м m н n о o п p р r с s т t у u ф f х kh ц ts ч ch ш sh щ shch ъ ie ы y ь _ э e ю iu я ia і i ї i є ie ґ g");

    private static readonly Dictionary<char, string> German = Table(
        "а a б b в w г g д d е e ё jo ж sh з s и i й j к k л l м m н n о o п p р r с s т t у u ф f х ch ц z ч tsch ш sch щ schtsch ъ _ ы y ь _ э e ю ju я ja і i ї ji є je ґ g");

    private static readonly Dictionary<char, string> French = Table(
        "а a б b в v г g д d е e ё io ж j з z и i й i к k л l м m н n о o п p р r с s т t у ou ф f х kh ц ts ч tch ш ch щ chtch ъ _ ы y ь _ э e ю iou я ia і i ї i є ie ґ g");

    public static string Romanise(string cyrillic, int system) => system switch
    {
        0 => cyrillic.Transliterate(),
        1 => Apply(cyrillic, Icao),
        2 => Apply(cyrillic, German),
        _ => Apply(cyrillic, French),
    };

    private static string Apply(string text, Dictionary<char, string> table)
    {
        var builder = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            var latin = table.TryGetValue(lower, out var mapped) ? mapped.Replace("_", "", StringComparison.Ordinal) : c.ToString().Transliterate();
            builder.Append(char.IsUpper(c) && latin.Length > 0 ? char.ToUpperInvariant(latin[0]) + latin[1..] : latin);
        }

        return builder.ToString();
    }

    private static Dictionary<char, string> Table(string pairs)
    {
        var parts = pairs.Split(' ');
        var table = new Dictionary<char, string>();
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            table[parts[i][0]] = parts[i + 1];
        }

        return table;
    }
}
