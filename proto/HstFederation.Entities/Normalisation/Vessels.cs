using HstFederation.Protocol.Validation;

namespace HstFederation.Entities.Normalisation;

/// <summary>
/// Vessels: "IMO:9074729" when seven digits carry a valid IMO check digit (an "IMO" prefix is dropped), and
/// "MMSI:244660000" for nine digits (FormatRules). A number failing its check is no strong identifier.
/// </summary>
internal static class Vessels
{
    public static string? Imo(string? text)
    {
        var compact = IdentifierText.Compact(text);
        if (compact.StartsWith("IMO", StringComparison.Ordinal))
        {
            compact = compact[3..].TrimStart(':');
        }

        return FormatRules.IsImo(compact) ? "IMO:" + compact : null;
    }

    public static string? Mmsi(string? text)
    {
        var compact = IdentifierText.Compact(text);
        return FormatRules.IsMmsi(compact) ? "MMSI:" + compact : null;
    }
}
