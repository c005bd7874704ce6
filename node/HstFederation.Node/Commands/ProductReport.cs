using System.Globalization;
using HstFederation.Node.Intelligence;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>An analytical product as text for an operator: a corridor table, or the network's nodes and edges.</summary>
internal static class ProductReport
{
    public static void Write(TextWriter output, ProductEntry entry)
    {
        var product = entry.Product;
        output.WriteLine($"{Title(product.Kind)} {IntelligenceIds.Format(entry.Summary.ProductId)}");
        output.WriteLine($"  produced      {Display.Time(product.ProducedAtMs)} by the hub for {Display.Party(product.Recipient)}, received {Display.Time(entry.Summary.ReceivedAtMs)}");
        output.WriteLine($"  period        messages created from {Display.Time(product.PeriodStartMs)} to {Display.Time(product.PeriodEndMs)}");
        output.WriteLine($"  built from    {Count(product.Sources.Count, "message")} this NCB may read (--json lists them)");
        if (product.Truncated)
        {
            output.WriteLine("  TRUNCATED     the hub left out the least significant rows (and possibly sources) to fit one envelope");
        }

        if (entry.Summary.Unrecorded)
        {
            output.WriteLine("  UNRECORDED    " + UnrecordedText(entry.Summary));
        }

        output.WriteLine();
        switch (product.ReportCase)
        {
            case AnalyticalProduct.ReportOneofCase.Corridor:
                Corridors(output, product.Corridor);
                break;
            case AnalyticalProduct.ReportOneofCase.Network:
                Network(output, product.Network);
                break;
        }
    }

    /// <summary>
    /// A product purged here (Storage.PurgedProducts) as its <c>products</c> row keeps it: no recipient, corridor, node
    /// or edge, only what lists show and when and why it went.
    /// </summary>
    public static void WritePurged(TextWriter output, ProductSummary summary)
    {
        WriteRow(output, summary);
        var purged = summary.Purged!;
        output.WriteLine($"  PURGED        {PurgedText(summary).TrimStart()}: " + (purged switch
        {
            { ByHub: true } => "the hub withdrew it (a message it was built from may no longer be read here), so its content is gone",
            { Cause: Storage.LifecyclePurge.Discarded } => "left unrecorded at upgrade, it was discarded by the operator ('products discard'), so its content is gone",
            _ => "a message it was built from was purged here, so its content is gone",
        }));
    }

    /// <summary>
    /// A held product whose stored content no longer parses (only one a node before migration 14 stored can be: the catch-up
    /// at open leaves it unrecorded): what its <c>products</c> row keeps, and why nothing more can be shown.
    /// </summary>
    public static void WriteUnreadable(TextWriter output, ProductSummary summary)
    {
        WriteRow(output, summary);
        output.WriteLine($"  UNREADABLE    inbox row {summary.InboxLocalId.ToString(CultureInfo.InvariantCulture)} no longer parses as a product: nothing of its content can be shown");
        if (summary.Unrecorded)
        {
            output.WriteLine("  UNRECORDED    " + UnrecordedText(summary));
        }
    }

    /// <summary>Why a product the open-time catch-up left unrecorded (<see cref="ProductSummary.Unrecorded"/>) is apart.</summary>
    public static string UnrecordedText(ProductSummary summary) =>
        "at upgrade: its sources are unknown, so no purge of one reaches it, and it is not served to agencies " +
        $"(see the audit's 'unrecorded' entry for inbox={summary.InboxLocalId.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>" 2026-03-01 12:00:00Z (recalled)" for a purged product, empty otherwise.</summary>
    public static string PurgedText(ProductSummary summary) =>
        summary.Purged is { } purged ? $" {Display.Time(purged.AtMs)} ({purged.Cause})" : string.Empty;

    public static string Title(ProductKind kind) => kind switch
    {
        ProductKind.Corridor => "Corridor report",
        ProductKind.Network => "Network report",
        _ => "Product",
    };

    /// <summary>What a <c>products</c> row keeps: the kind and id, when produced and received, the period, how many sources.</summary>
    private static void WriteRow(TextWriter output, ProductSummary summary)
    {
        output.WriteLine($"{Title(summary.Kind)} {IntelligenceIds.Format(summary.ProductId)}");
        output.WriteLine($"  produced      {Display.Time(summary.ProducedAtMs)} by the hub, received {Display.Time(summary.ReceivedAtMs)}");
        output.WriteLine($"  period        messages created from {Display.Time(summary.PeriodStartMs)} to {Display.Time(summary.PeriodEndMs)}");
        output.WriteLine($"  built from    {Count(summary.Sources, "message")}");
    }

    private static void Corridors(TextWriter output, CorridorReport report)
    {
        if (report.Corridors.Count == 0)
        {
            output.WriteLine("No route in the period.");
            return;
        }

        var table = new TextTable("ORIGIN", "TRANSIT", "DESTINATION", "MODES", "MESSAGES", "PERSONS", "FATALITIES");
        foreach (var corridor in report.Corridors)
        {
            table.Add(
                Country(corridor.Origin), corridor.Transit.Count == 0 ? "-" : string.Join(" > ", corridor.Transit), Country(corridor.Destination),
                corridor.TransportModes.Count == 0 ? "-" : string.Join(',', corridor.TransportModes.Select(Mode)), Number(corridor.Messages),
                Number(corridor.Persons), Number(corridor.Fatalities));
        }

        table.WriteTo(output);
    }

    private static void Network(TextWriter output, NetworkReport report)
    {
        output.WriteLine($"{Count(report.Nodes.Count, "node")}:");
        var nodes = new TextTable("ID", "KIND", "LABEL", "COUNTRIES", "MESSAGES");
        foreach (var node in report.Nodes)
        {
            nodes.Add(node.Id, NetworkExport.Kind(node.Kind), node.Label, node.Countries.Count == 0 ? "-" : string.Join(',', node.Countries), Number(node.Messages));
        }

        nodes.WriteTo(output);
        output.WriteLine();
        output.WriteLine($"{Count(report.Edges.Count, "edge")}:");
        var edges = new TextTable("FROM", "TO", "RELATION", "MESSAGES");
        foreach (var edge in report.Edges)
        {
            edges.Add(edge.From, edge.To, edge.Relation, Number(edge.Messages));
        }

        edges.WriteTo(output);
        output.WriteLine();
        output.WriteLine("'hst-node products export <id> --format graphml|dot' writes the graph for analysts' tools.");
    }

    private static string Country(string code) => string.IsNullOrEmpty(code) ? "?" : code;

    /// <summary>"sea" for TRANSPORT_MODE_SEA.</summary>
    private static string Mode(TransportMode mode) =>
        mode switch
        {
            TransportMode.Unspecified => "-",
            TransportMode.OnFoot => "on-foot",
            _ => mode.ToString().ToLowerInvariant(),
        };

    private static string Number(uint value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Count(int value, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{value} {noun}{(value == 1 ? string.Empty : "s")}");
}
