using System.Text;
using System.Xml.Linq;
using HstFederation.Node.Intelligence;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>
/// Network reports as GraphML and DOT: the files parse, and labels taken from other countries' messages (quotes,
/// backslashes, line breaks, markup, braces, control and bidirectional-override characters) stay data: each comes
/// back as written (or, where the format cannot hold a character, as visible \uXXXX text) and never adds a node,
/// an edge or an attribute.
/// </summary>
public sealed class NetworkExportTests
{
    private static readonly string[] HostileLabels =
    [
        "AL-SALHI \"Abu Ali\"",
        "back\\slash\\\"quote",
        "two\nlines\r\nand\rthree",
        "\"]; \"x\" -> \"y\"; \"z\" [label=\"",
        "</data></node><node id=\"evil\"/><data key=\"label\">",
        "}} digraph { a -> b",
        "bidi \u202Egnp.exe and bell \u0007 and nul \u0000",
        "Ἀλέξανδρος 😀 محمد",
    ];

    [Fact]
    public void ToGraphMl_ParsesAsXml_WithEveryNodeAndEdge_AndTheLabelsAsWritten()
    {
        var product = Network(HostileLabels);

        var document = XDocument.Parse(NetworkExport.ToGraphMl(product));

        XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        var graph = document.Root!.Element(ns + "graph")!;
        Assert.Equal("directed", (string?)graph.Attribute("edgedefault"));
        var nodes = graph.Elements(ns + "node").ToList();
        Assert.Equal(HostileLabels.Length, nodes.Count);
        Assert.Equal(HostileLabels.Length - 1, graph.Elements(ns + "edge").Count());
        var labels = nodes.Select(n => n.Elements(ns + "data").Single(d => (string?)d.Attribute("key") == "label").Value).ToList();
        for (var i = 0; i < HostileLabels.Length; i++)
        {
            // XML 1.0 cannot hold BEL or NUL: those two are written as visible \u0007 and \u0000; everything else exactly.
            Assert.Equal(HostileLabels[i].Replace("\u0007", "\\u0007", StringComparison.Ordinal).Replace("\u0000", "\\u0000", StringComparison.Ordinal), labels[i]);
        }

        Assert.Equal(["n0", "n1"], graph.Elements(ns + "edge").Take(1).SelectMany(e => new[] { (string)e.Attribute("source")!, (string)e.Attribute("target")! }));
        Assert.Equal("MEMBER_OF", graph.Elements(ns + "edge").First().Elements(ns + "data").Single(d => (string?)d.Attribute("key") == "relation").Value);
    }

    [Fact]
    public void ToDot_QuotedStrings_ReadBackAsWritten_AndNoLabelAddsAStatement()
    {
        var product = Network(HostileLabels);

        var dot = NetworkExport.ToDot(product);
        var statements = DotStatements(dot);

        Assert.StartsWith("digraph ", dot, StringComparison.Ordinal);
        Assert.Equal(HostileLabels.Length, statements.Count(s => s.IsNode));
        Assert.Equal(HostileLabels.Length - 1, statements.Count(s => s.Tokens.Count > 2 && s.Tokens[1] == "->"));
        var labels = statements.Where(s => s.IsNode).Select(s => s.Attribute("label")).ToList();
        for (var i = 0; i < HostileLabels.Length; i++)
        {
            Assert.Equal(Expected(HostileLabels[i]), labels[i]);
        }

        Assert.DoesNotContain('\u202E', dot);
        Assert.DoesNotContain('\u0000', dot);
        Assert.DoesNotContain('\r', dot);
    }

    [Fact]
    public void Write_ACorridorReportOrAnUnknownFormat_IsRefused()
    {
        var corridor = HubProducts.Corridors("FR");

        Assert.Contains("Only a network report", Assert.Throws<ArgumentException>(() => NetworkExport.Write(corridor, NetworkExport.Dot)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => NetworkExport.Write(Network(["a"]), "svg"));
    }

    [Fact]
    public void FileIds_AreTheExportersOwn_TheReportsIdsTravelAsData()
    {
        var product = Network(["a", "b"]);
        product.Network.Nodes[0].Id = "\"]; evil -> x; [\"";
        product.Network.Edges[0].From = product.Network.Nodes[0].Id;

        var graph = XDocument.Parse(NetworkExport.ToGraphMl(product)).Root!.Elements().Single(e => e.Name.LocalName == "graph");
        var dot = DotStatements(NetworkExport.ToDot(product));

        Assert.Equal(["n0", "n1"], graph.Elements().Where(e => e.Name.LocalName == "node").Select(e => (string)e.Attribute("id")!));
        Assert.Equal(product.Network.Nodes[0].Id, dot.First(s => s.IsNode).Attribute("report_id"));
        Assert.Single(dot, s => s.Tokens.Count > 2 && s.Tokens[1] == "->");
    }

    /// <summary>What a DOT reader gets back for a label: the text, with line breaks as DOT's \n and invisible characters as \uXXXX text.</summary>
    private static string Expected(string label)
    {
        var text = new StringBuilder();
        for (var i = 0; i < label.Length; i++)
        {
            var c = label[i];
            if (c == '\r' && i + 1 < label.Length && label[i + 1] == '\n')
            {
                continue;
            }

            text.Append(c switch
            {
                '\n' or '\r' => "\\n",
                '\u202E' or '\u0007' or '\u0000' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }

    private static AnalyticalProduct Network(IReadOnlyList<string> labels)
    {
        var product = HubProducts.Network("FR", "x");
        product.Network = new NetworkReport();
        for (var i = 0; i < labels.Count; i++)
        {
            product.Network.Nodes.Add(new NetworkNode { Id = "p" + i, Kind = NetworkNodeKind.Person, Label = labels[i], Countries = { "FR" }, Messages = 1 });
            if (i > 0)
            {
                product.Network.Edges.Add(new NetworkEdge { From = "p" + (i - 1), To = "p" + i, Relation = "MEMBER_OF", Messages = 1 });
            }
        }

        return product;
    }

    /// <summary>
    /// A minimal DOT reader (enough for what the exporter writes): splits the body into statements at ';' outside
    /// quoted strings, and tokens into IDs, quoted strings (unescaping only \" as DOT does, keeping other escapes), and
    /// the punctuation [ ] = , -> .
    /// </summary>
    private static List<DotStatement> DotStatements(string dot)
    {
        var body = dot[(dot.IndexOf('{', StringComparison.Ordinal) + 1)..dot.LastIndexOf('}')];
        var statements = new List<DotStatement>();
        var tokens = new List<string>();
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (char.IsWhiteSpace(c) || c == ',')
            {
                continue;
            }

            if (c == ';')
            {
                statements.Add(new DotStatement(tokens));
                tokens = [];
            }
            else if (c == '"')
            {
                var text = new StringBuilder();
                for (i++; body[i] != '"'; i++)
                {
                    if (body[i] == '\\' && body[i + 1] is '"' or '\\')
                    {
                        i++;
                    }

                    Assert.False(body[i] is '\n' or '\r', "a raw line break inside a quoted string");
                    text.Append(body[i]);
                }

                tokens.Add(text.ToString());
            }
            else if (c is '[' or ']' or '=')
            {
                tokens.Add(c.ToString());
            }
            else if (c == '-' && body[i + 1] == '>')
            {
                tokens.Add("->");
                i++;
            }
            else
            {
                var start = i;
                while (i + 1 < body.Length && (char.IsAsciiLetterOrDigit(body[i + 1]) || body[i + 1] == '_'))
                {
                    i++;
                }

                tokens.Add(body[start..(i + 1)]);
            }
        }

        Assert.Empty(tokens);
        return statements;
    }

    private sealed record DotStatement(List<string> Tokens)
    {
        /// <summary>A node statement: an ID and its attributes (not the graph's own "graph [...]").</summary>
        public bool IsNode => Tokens.Count > 1 && Tokens[0] != "graph" && Tokens[1] == "[";

        public string Attribute(string name)
        {
            var at = Tokens.IndexOf(name);
            Assert.True(at > 0 && Tokens[at + 1] == "=", $"no attribute {name}");
            return Tokens[at + 2];
        }
    }
}
