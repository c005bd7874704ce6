using HstFederation.Entities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// Builds a network report from the given sources (already only those the recipient may read). Persons and
/// organisations of different messages that the matcher finds to be one (<see cref="EntityIndex"/>: a shared strong
/// identifier, an organisation name or alias, a person scoring at or above the threshold) become one node, also
/// across countries and spellings; the label is the first message's (in <see cref="ProductSource.Compare"/>
/// order), the countries are the union, and messages counts the messages naming it. Edges are the links the
/// messages state (<see cref="NetworkDigest"/>), counted by message; and <c>CO_REPORTED</c> joins two nodes
/// named together in at least two messages without any stated link between them — corroboration across
/// reports that no single report spells out. Ids are "p1", "p2" … and "o1" …, persons and organisations each
/// by messages (descending), then by first appearance.
/// </summary>
internal static class NetworkBuilder
{
    public const string CoReported = "CO_REPORTED";

    /// <summary>
    /// A message naming more nodes that recur elsewhere than this adds no CO_REPORTED pairs (a long list of
    /// victims is not a network, and the pairs grow with the square).
    /// </summary>
    public const int MaxCoReportedNodesPerMessage = 100;

    /// <returns>The report and the sources it was built from (those naming at least one person or organisation).</returns>
    public static (NetworkReport Report, IReadOnlyList<ProductSource> Used) Build(IReadOnlyList<ProductSource> readable, MatchingOptions matching)
    {
        var offsets = new int[readable.Count + 1];
        var entities = new List<NetworkEntity>();
        var sourceOf = new List<int>();
        for (var s = 0; s < readable.Count; s++)
        {
            offsets[s] = entities.Count;
            entities.AddRange(readable[s].Network.Entities);
            sourceOf.AddRange(Enumerable.Repeat(s, readable[s].Network.Entities.Count));
        }

        offsets[readable.Count] = entities.Count;
        var nodes = Merge(readable, offsets, entities, sourceOf, matching);
        var nodeOf = new int[entities.Count];
        for (var n = 0; n < nodes.Count; n++)
        {
            foreach (var member in nodes[n].Members)
            {
                nodeOf[member] = n;
            }
        }

        var edges = StatedEdges(readable, offsets, nodeOf);
        AddCoReported(readable, offsets, nodeOf, nodes, edges);

        var report = new NetworkReport();
        var ids = NodeIds(nodes);
        report.Nodes.AddRange(nodes.Select((node, n) => node.ToNode(ids[n], entities)));
        report.Edges.AddRange(edges
            .OrderByDescending(pair => pair.Value.Count)
            .ThenBy(pair => pair.Key.From)
            .ThenBy(pair => pair.Key.To)
            .ThenBy(pair => pair.Key.Relation, StringComparer.Ordinal)
            .Select(pair => new NetworkEdge { From = ids[pair.Key.From], To = ids[pair.Key.To], Relation = pair.Key.Relation, Messages = (uint)pair.Value.Count }));
        var used = readable.Where(source => source.Network.Entities.Count > 0).ToList();
        return (report, used);
    }

    /// <summary>
    /// Groups the entities the matcher finds to be one — a shared strong identifier, an organisation name or alias, a
    /// person scoring at or above the threshold (docs/matching.md) — across the given messages only: the index holds
    /// nothing else, so two entities are never joined through a message the recipient may not read. Then orders the
    /// groups as the report numbers them.
    /// </summary>
    private static List<Node> Merge(IReadOnlyList<ProductSource> readable, int[] offsets, List<NetworkEntity> entities, List<int> sourceOf, MatchingOptions matching)
    {
        var sets = new DisjointSets(entities.Count);
        var index = new EntityIndex(matching);
        for (var s = 0; s < readable.Count; s++)
        {
            index.Add(s, readable[s].Network.Matchable);
        }

        for (var s = 0; s < readable.Count; s++)
        {
            var mine = readable[s].Network;

            // Each pair of messages once (the earlier one is the indexed side); entities of one message are never merged directly.
            foreach (var match in index.Match(mine.Matchable, document => document < s))
            {
                var theirs = (int)match.DocumentId;
                if (mine.EntityAt(match.YourPath) is { } a && readable[theirs].Network.EntityAt(match.TheirPath) is { } b
                    && entities[offsets[s] + a].Kind == entities[offsets[theirs] + b].Kind)
                {
                    sets.Union(offsets[s] + a, offsets[theirs] + b);
                }
            }
        }

        var byRoot = new Dictionary<int, Node>();
        for (var e = 0; e < entities.Count; e++)
        {
            var root = sets.Find(e);
            if (!byRoot.TryGetValue(root, out var node))
            {
                node = new Node(root, entities[root].Kind);
                byRoot.Add(root, node);
            }

            node.Members.Add(e);
            node.Sources.Add(sourceOf[e]);
            node.Countries.UnionWith(entities[e].Countries);
        }

        return byRoot.Values
            .OrderBy(node => node.Kind == NetworkNodeKind.Person ? 0 : 1)
            .ThenByDescending(node => node.Sources.Count)
            .ThenBy(node => node.Root)
            .ToList();
    }

    private static Dictionary<(int From, int To, string Relation), HashSet<int>> StatedEdges(IReadOnlyList<ProductSource> readable, int[] offsets, int[] nodeOf)
    {
        var edges = new Dictionary<(int From, int To, string Relation), HashSet<int>>();
        for (var s = 0; s < readable.Count; s++)
        {
            foreach (var link in readable[s].Network.Links)
            {
                var from = nodeOf[offsets[s] + link.From];
                var to = nodeOf[offsets[s] + link.To];
                if (from == to)
                {
                    // Two entities of the message turned out to be one node.
                    continue;
                }

                var key = (from, to, link.Relation);
                if (!edges.TryGetValue(key, out var sources))
                {
                    sources = [];
                    edges.Add(key, sources);
                }

                sources.Add(s);
            }
        }

        return edges;
    }

    private static void AddCoReported(
        IReadOnlyList<ProductSource> readable, int[] offsets, int[] nodeOf, List<Node> nodes, Dictionary<(int From, int To, string Relation), HashSet<int>> edges)
    {
        var stated = edges.Keys.SelectMany(key => new[] { (key.From, key.To), (key.To, key.From) }).ToHashSet();
        var together = new Dictionary<(int A, int B), HashSet<int>>();
        for (var s = 0; s < readable.Count; s++)
        {
            // Only nodes named in two messages or more can be named together in two messages.
            var recurring = Enumerable.Range(offsets[s], offsets[s + 1] - offsets[s])
                .Select(e => nodeOf[e]).Where(n => nodes[n].Sources.Count >= 2).Distinct().Order().ToList();
            if (recurring.Count > MaxCoReportedNodesPerMessage)
            {
                continue;
            }

            for (var i = 0; i < recurring.Count; i++)
            {
                for (var j = i + 1; j < recurring.Count; j++)
                {
                    var pair = (recurring[i], recurring[j]);
                    if (!stated.Contains(pair))
                    {
                        if (!together.TryGetValue(pair, out var sources))
                        {
                            sources = [];
                            together.Add(pair, sources);
                        }

                        sources.Add(s);
                    }
                }
            }
        }

        foreach (var ((a, b), sources) in together.Where(pair => pair.Value.Count >= 2))
        {
            edges.Add((a, b, CoReported), sources);
        }
    }

    private static string[] NodeIds(List<Node> nodes)
    {
        var persons = 0;
        var organisations = 0;
        return nodes.Select(node => node.Kind == NetworkNodeKind.Person ? $"p{++persons}" : $"o{++organisations}").ToArray();
    }

    private sealed class Node(int root, NetworkNodeKind kind)
    {
        /// <summary>The first entity of the group: its label names the node.</summary>
        public int Root { get; } = root;

        public NetworkNodeKind Kind { get; } = kind;

        public List<int> Members { get; } = [];

        public HashSet<int> Sources { get; } = [];

        public SortedSet<string> Countries { get; } = new(StringComparer.Ordinal);

        public NetworkNode ToNode(string id, List<NetworkEntity> entities)
        {
            var node = new NetworkNode { Id = id, Kind = Kind, Label = entities[Root].Label, Messages = (uint)Sources.Count };
            node.Countries.AddRange(Countries);
            return node;
        }
    }
}
