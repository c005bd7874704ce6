using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// What one message contributes to a corridor report: its distinct corridors (one per origin → transit →
/// destination, whatever the number of its routes on it) with their transport modes, and the persons and
/// fatalities it reports. Persons: the larger of the persons it lists as victims or smuggled migrants and the
/// sum of its incidents' persons smuggled and trafficked — incident counts usually include the named
/// persons, so adding the two would count them twice. Fatalities: the sum over its incidents.
/// </summary>
internal sealed record CorridorDigest(IReadOnlyList<CorridorDigest.Leg> Corridors, uint Persons, uint Fatalities)
{
    /// <summary>A message's route as a corridor: the key (countries joined by '>') and every transport mode used on it.</summary>
    internal sealed record Leg(string Key, IReadOnlyList<string> Countries, IReadOnlySet<TransportMode> Modes);

    public static CorridorDigest Of(HstMessage message)
    {
        var corridors = new Dictionary<string, (IReadOnlyList<string> Countries, HashSet<TransportMode> Modes)>(StringComparer.Ordinal);
        foreach (var route in message.Routes)
        {
            var countries = RouteCountries.Of(route);
            if (countries.Count == 0)
            {
                continue;
            }

            var key = string.Join('>', countries);
            if (!corridors.TryGetValue(key, out var corridor))
            {
                corridor = (countries, []);
                corridors.Add(key, corridor);
            }

            corridor.Modes.UnionWith(route.Legs.Select(leg => leg.TransportMode).Where(mode => mode != TransportMode.Unspecified));
        }

        var listed = message.Persons.Count(p => p.Role is PersonRole.Victim or PersonRole.SmuggledMigrant);
        var counted = message.Incidents.Aggregate(0UL, (sum, incident) => sum + incident.PersonsSmuggled + incident.PersonsTrafficked);
        var fatalities = message.Incidents.Aggregate(0UL, (sum, incident) => sum + incident.Fatalities);
        return new CorridorDigest(
            corridors.Select(pair => new Leg(pair.Key, pair.Value.Countries, pair.Value.Modes)).ToList(),
            Saturated(Math.Max((ulong)listed, counted)),
            Saturated(fatalities));
    }

    public static uint Saturated(ulong value) => value > uint.MaxValue ? uint.MaxValue : (uint)value;
}
