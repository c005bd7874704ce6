using Google.Protobuf;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// Keeps a product within one envelope's content limit. A product that fits is sent whole. One that does not
/// is marked <c>truncated</c>: its sources keep at most half the budget (the first ones, in creation order),
/// then it keeps the longest run of its most significant rows that fits — corridors in report order, or the
/// nodes named in most messages with the edges between them.
/// </summary>
internal static class ProductSize
{
    /// <summary>The envelope's content limit, less room for the hub's handling of it.</summary>
    public static int Budget { get; } = EnvelopeLimits.Default.MaxContentBytes - 4096;

    public static AnalyticalProduct Fit(AnalyticalProduct product, int budget)
    {
        if (product.CalculateSize() <= budget)
        {
            return product;
        }

        var fitted = product.Clone();
        fitted.Truncated = true;
        TrimSources(fitted, budget / 2);
        int fits = 0, beyond = Rows(fitted) + 1;
        while (beyond - fits > 1)
        {
            var middle = fits + ((beyond - fits) / 2);
            if (WithRows(fitted, middle).CalculateSize() <= budget)
            {
                fits = middle;
            }
            else
            {
                beyond = middle;
            }
        }

        return WithRows(fitted, fits);
    }

    private static void TrimSources(AnalyticalProduct product, int budget)
    {
        var kept = 0;
        var size = 0;
        foreach (var source in product.Sources)
        {
            size += CodedOutputStream.ComputeMessageSize(source) + 1;
            if (size > budget)
            {
                break;
            }

            kept++;
        }

        while (product.Sources.Count > kept)
        {
            product.Sources.RemoveAt(product.Sources.Count - 1);
        }
    }

    private static int Rows(AnalyticalProduct product) =>
        product.ReportCase == AnalyticalProduct.ReportOneofCase.Corridor ? product.Corridor.Corridors.Count : product.Network.Nodes.Count;

    private static AnalyticalProduct WithRows(AnalyticalProduct product, int rows)
    {
        var copy = product.Clone();
        if (copy.ReportCase == AnalyticalProduct.ReportOneofCase.Corridor)
        {
            var corridors = copy.Corridor.Corridors.Take(rows).ToList();
            copy.Corridor.Corridors.Clear();
            copy.Corridor.Corridors.AddRange(corridors);
            return copy;
        }

        var network = copy.Network;
        var kept = network.Nodes
            .Select((node, index) => (node, index))
            .OrderByDescending(pair => pair.node.Messages)
            .ThenBy(pair => pair.index)
            .Take(rows)
            .Select(pair => pair.node.Id)
            .ToHashSet(StringComparer.Ordinal);
        var nodes = network.Nodes.Where(node => kept.Contains(node.Id)).ToList();
        var edges = network.Edges.Where(edge => kept.Contains(edge.From) && kept.Contains(edge.To)).ToList();
        network.Nodes.Clear();
        network.Nodes.AddRange(nodes);
        network.Edges.Clear();
        network.Edges.AddRange(edges);
        return copy;
    }
}
