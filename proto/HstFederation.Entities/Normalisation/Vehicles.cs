using System.Text;

namespace HstFederation.Entities.Normalisation;

/// <summary>
/// Vehicles (docs/matching.md §2). Plates: "CC|PLATE", e.g. "RS|BG1234AB", compacted, with the Cyrillic
/// letters that plates of Cyrillic-script countries share with Latin (А В Е К М Н О Р С Т У Х) read as
/// their Latin look-alikes, so a plate typed on either keyboard is one key; no O/0 fold, since many plate
/// systems use both. A plate without country only matches plates without country. VINs: "VIN|…", 17
/// characters; ISO 3779 excludes I, O and Q, so those are read as 1, 0 and 0.
/// </summary>
internal static class Vehicles
{
    private const string Cyrillic = "АВЕКМНОРСТУХ";
    private const string Latin = "ABEKMHOPCTYX";

    public static string? Plate(string? plate, string? country)
    {
        var compact = Homoglyphs(IdentifierText.Compact(plate));
        return compact.Length >= 2 && IdentifierText.IsAlphanumeric(compact) ? $"{Countries.Normalise(country)}|{compact}" : null;
    }

    public static string? Vin(string? vin)
    {
        var compact = IdentifierText.Compact(vin);
        return compact.Length == 17 && IdentifierText.IsAlphanumeric(compact)
            ? "VIN|" + compact.Replace('I', '1').Replace('O', '0').Replace('Q', '0')
            : null;
    }

    private static string Homoglyphs(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var index = Cyrillic.IndexOf(c, StringComparison.Ordinal);
            builder.Append(index >= 0 ? Latin[index] : c);
        }

        return builder.ToString();
    }
}
