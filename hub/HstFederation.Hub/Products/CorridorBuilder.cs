using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// Aggregates the corridors of the given sources (already only those the recipient may read): per corridor,
/// the messages reporting it, and the sum of their persons and fatalities. A message reporting several
/// corridors counts its persons and fatalities on each of them (a message does not say which route its
/// incidents belong to), so per-corridor sums may add up to more than the messages report. Sorted by
/// messages, then persons, then fatalities (all descending), then the countries: the same sources always
/// give the same report.
/// </summary>
internal static class CorridorBuilder
{
    /// <returns>The report and the sources it was built from (those with at least one corridor).</returns>
    public static (CorridorReport Report, IReadOnlyList<ProductSource> Used) Build(IEnumerable<ProductSource> readable)
    {
        var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
        var used = new List<ProductSource>();
        foreach (var source in readable)
        {
            var digest = source.Corridors;
            if (digest.Corridors.Count == 0)
            {
                continue;
            }

            used.Add(source);
            foreach (var corridor in digest.Corridors)
            {
                if (!rows.TryGetValue(corridor.Key, out var row))
                {
                    row = new Row(corridor.Countries);
                    rows.Add(corridor.Key, row);
                }

                row.Messages++;
                row.Persons += digest.Persons;
                row.Fatalities += digest.Fatalities;
                row.Modes.UnionWith(corridor.Modes);
            }
        }

        var report = new CorridorReport();
        report.Corridors.AddRange(rows
            .OrderByDescending(pair => pair.Value.Messages)
            .ThenByDescending(pair => pair.Value.Persons)
            .ThenByDescending(pair => pair.Value.Fatalities)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Value.ToCorridor()));
        return (report, used);
    }

    private sealed class Row(IReadOnlyList<string> countries)
    {
        public ulong Messages { get; set; }

        public ulong Persons { get; set; }

        public ulong Fatalities { get; set; }

        public SortedSet<TransportMode> Modes { get; } = [];

        public Corridor ToCorridor()
        {
            var corridor = new Corridor
            {
                Origin = countries[0],
                Destination = countries[^1],
                Messages = CorridorDigest.Saturated(Messages),
                Persons = CorridorDigest.Saturated(Persons),
                Fatalities = CorridorDigest.Saturated(Fatalities),
            };
            corridor.Transit.AddRange(countries.Skip(1).Take(Math.Max(0, countries.Count - 2)));
            corridor.TransportModes.AddRange(Modes);
            return corridor;
        }
    }
}
