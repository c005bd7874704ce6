using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// A route as the countries it passes through, in travel order: the first leg's start, then for every leg its
/// start (when it differs from where the previous leg ended), its via places and its end. Places without a
/// country are skipped and a country repeated in a row counts once, so Zuwara (LY) → Lampedusa (IT),
/// Agrigento (IT) → Napoli (IT) → Ventimiglia (IT), Ventimiglia (IT) → Menton (FR) is LY, IT, FR.
/// </summary>
internal static class RouteCountries
{
    public static IReadOnlyList<string> Of(Protocol.V1.Route route)
    {
        var countries = new List<string>();
        foreach (var leg in route.Legs)
        {
            Append(countries, leg.From);
            foreach (var via in leg.Via)
            {
                Append(countries, via);
            }

            Append(countries, leg.To);
        }

        return countries;
    }

    private static void Append(List<string> countries, Place? place)
    {
        var country = place?.Country.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(country) && (countries.Count == 0 || countries[^1] != country))
        {
            countries.Add(country);
        }
    }
}
