using System.Globalization;
using System.Text;
using System.Xml;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Intelligence;

/// <summary>
/// A network report as a file for analysts' tools: GraphML (yEd, Gephi, Cytoscape, NetworkX) or DOT (Graphviz).
/// Every label comes from the report, i.e. from other countries' messages, so nothing in it may change the file's
/// structure: GraphML is written by an XmlWriter (escaped, and the few characters XML 1.0 cannot hold written as
/// \uXXXX text), DOT as quoted strings with quotes and backslashes escaped, line breaks as \n and other control
/// characters as \uXXXX text. Node identifiers in the file are the exporter's own (n0, n1 …, in report order);
/// the report's ids go along as data, so a hostile id cannot break either format either.
/// </summary>
internal static class NetworkExport
{
    public const string GraphMl = "graphml";
    public const string Dot = "dot";

    public static IReadOnlyList<string> Formats { get; } = [GraphMl, Dot];

    /// <summary>The report in <paramref name="format"/> (<see cref="Formats"/>); ArgumentException for another format or a corridor report.</summary>
    public static string Write(AnalyticalProduct product, string format)
    {
        ArgumentNullException.ThrowIfNull(product);
        if (product.ReportCase != AnalyticalProduct.ReportOneofCase.Network)
        {
            throw new ArgumentException("Only a network report is a graph to export; this product is a " + Kind(product.Kind) + " report.", nameof(product));
        }

        return format switch
        {
            GraphMl => ToGraphMl(product),
            Dot => ToDot(product),
            _ => throw new ArgumentException($"The export format is graphml or dot, not '{format}'.", nameof(format)),
        };
    }

    public static string ToGraphMl(AnalyticalProduct product)
    {
        var network = product.Network;
        var ids = FileIds(network);
        // Written as UTF-8 bytes so that the XML declaration says UTF-8, which is what the file will be.
        using var bytes = new MemoryStream();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineHandling = NewLineHandling.Entitize };
        using (var writer = XmlWriter.Create(bytes, settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("graphml", "http://graphml.graphdrawing.org/xmlns");
            Key(writer, "product", "graph", "product_id", "string");
            Key(writer, "period", "graph", "period", "string");
            Key(writer, "label", "node", "label", "string");
            Key(writer, "kind", "node", "kind", "string");
            Key(writer, "countries", "node", "countries", "string");
            Key(writer, "messages", "node", "messages", "int");
            Key(writer, "report_id", "node", "report_id", "string");
            Key(writer, "relation", "edge", "relation", "string");
            Key(writer, "edge_messages", "edge", "messages", "int");
            writer.WriteStartElement("graph");
            writer.WriteAttributeString("id", "network");
            writer.WriteAttributeString("edgedefault", "directed");
            Data(writer, "product", IntelligenceIds.Format(product.ProductId.Span));
            Data(writer, "period", Period(product));
            foreach (var node in network.Nodes)
            {
                writer.WriteStartElement("node");
                writer.WriteAttributeString("id", ids[node.Id]);
                Data(writer, "label", node.Label);
                Data(writer, "kind", Kind(node.Kind));
                Data(writer, "countries", string.Join(',', node.Countries));
                Data(writer, "messages", node.Messages.ToString(CultureInfo.InvariantCulture));
                Data(writer, "report_id", node.Id);
                writer.WriteEndElement();
            }

            var edge = 0;
            foreach (var link in network.Edges)
            {
                writer.WriteStartElement("edge");
                writer.WriteAttributeString("id", "e" + (edge++).ToString(CultureInfo.InvariantCulture));
                writer.WriteAttributeString("source", ids[link.From]);
                writer.WriteAttributeString("target", ids[link.To]);
                Data(writer, "relation", link.Relation);
                Data(writer, "edge_messages", link.Messages.ToString(CultureInfo.InvariantCulture));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    public static string ToDot(AnalyticalProduct product)
    {
        var network = product.Network;
        var ids = FileIds(network);
        var dot = new StringBuilder();
        dot.Append("digraph ").Append(Quote("network " + IntelligenceIds.Format(product.ProductId.Span))).AppendLine(" {");
        dot.Append("  graph [label=").Append(Quote("Network report " + Period(product))).AppendLine("];");
        foreach (var node in network.Nodes)
        {
            dot.Append("  ").Append(Quote(ids[node.Id]))
                .Append(" [label=").Append(Quote(node.Label))
                .Append(", shape=").Append(node.Kind == NetworkNodeKind.Organisation ? "box" : "ellipse")
                .Append(", kind=").Append(Quote(Kind(node.Kind)))
                .Append(", countries=").Append(Quote(string.Join(',', node.Countries)))
                .Append(", messages=").Append(node.Messages.ToString(CultureInfo.InvariantCulture))
                .Append(", report_id=").Append(Quote(node.Id))
                .AppendLine("];");
        }

        foreach (var edge in network.Edges)
        {
            dot.Append("  ").Append(Quote(ids[edge.From])).Append(" -> ").Append(Quote(ids[edge.To]))
                .Append(" [label=").Append(Quote(edge.Relation))
                .Append(", messages=").Append(edge.Messages.ToString(CultureInfo.InvariantCulture))
                .AppendLine("];");
        }

        dot.AppendLine("}");
        return dot.ToString();
    }

    /// <summary>A DOT quoted string (an ID or a label) holding <paramref name="text"/> and nothing else.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"':
                    quoted.Append("\\\"");
                    break;
                case '\\':
                    quoted.Append("\\\\");
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n' or '\r' or '\u2028' or '\u2029':
                    quoted.Append("\\n");
                    break;
                default:
                    if (char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format)
                    {
                        // Shown, not obeyed: a bidirectional override or a control character in a label stays visible text.
                        quoted.Append(CultureInfo.InvariantCulture, $"\\\\u{(int)c:X4}");
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>"2026-01-01 to 2026-04-01" (the period is [start, end)).</summary>
    public static string Period(AnalyticalProduct product) =>
        $"{Day(product.PeriodStartMs)} to {Day(product.PeriodEndMs)}";

    public static string Kind(ProductKind kind) => kind switch
    {
        ProductKind.Corridor => "corridor",
        ProductKind.Network => "network",
        _ => "unspecified",
    };

    public static string Kind(NetworkNodeKind kind) => kind switch
    {
        NetworkNodeKind.Person => "person",
        NetworkNodeKind.Organisation => "organisation",
        _ => "unspecified",
    };

    private static string Day(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> FileIds(NetworkReport network)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in network.Nodes)
        {
            ids.TryAdd(node.Id, "n" + ids.Count.ToString(CultureInfo.InvariantCulture));
        }

        return ids;
    }

    private static void Key(XmlWriter writer, string id, string target, string name, string type)
    {
        writer.WriteStartElement("key");
        writer.WriteAttributeString("id", id);
        writer.WriteAttributeString("for", target);
        writer.WriteAttributeString("attr.name", name);
        writer.WriteAttributeString("attr.type", type);
        writer.WriteEndElement();
    }

    private static void Data(XmlWriter writer, string key, string value)
    {
        writer.WriteStartElement("data");
        writer.WriteAttributeString("key", key);
        writer.WriteString(XmlText(value));
        writer.WriteEndElement();
    }

    /// <summary>
    /// <paramref name="text"/> with the characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates,
    /// U+FFFE/U+FFFF) written as \uXXXX text; the XmlWriter escapes everything else.
    /// </summary>
    private static string XmlText(string text)
    {
        StringBuilder? safe = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c);
            if (pair || XmlConvert.IsXmlChar(c))
            {
                safe?.Append(c);
                if (pair)
                {
                    i++;
                    safe?.Append(text[i]);
                }

                continue;
            }

            safe ??= new StringBuilder(text, 0, i, text.Length + 8);
            safe.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
        }

        return safe?.ToString() ?? text;
    }
}
