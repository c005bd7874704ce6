using HstFederation.Protocol.Validation;

namespace HstFederation.Entities.Normalisation;

/// <summary>IBANs: compacted (<see cref="IdentifierText"/>) and valid by ISO 13616 mod-97 (FormatRules.IsIban); else none.</summary>
internal static class Ibans
{
    public static string? Normalise(string? text)
    {
        var compact = IdentifierText.Compact(text);
        return compact.Length > 0 && FormatRules.IsIban(compact) ? compact : null;
    }
}
