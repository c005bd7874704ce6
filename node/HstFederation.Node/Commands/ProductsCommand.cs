using System.Globalization;
using System.Text;
using HstFederation.Node.Audit;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>
/// `products`, `products show &lt;id&gt;`, `products export &lt;id&gt;`, `products discard &lt;id&gt;`: the hub's analytical products for
/// this NCB. Audited.
/// </summary>
internal sealed class ProductsCommand : INodeCommand
{
    private const string FormatOption = "--format";
    private const string OutputOption = "--output";

    public string Name => "products";

    public string Summary => "The hub's analytical products for this NCB: corridor and network reports (list, show, export, discard).";

    public string Help => $"""
        Usage: hst-node products [list] [--limit N] [--before ID] [--json]
               hst-node products show <id> [--json]
               hst-node products export <id> --format graphml|dot [--output FILE]
               hst-node products discard <id | inbox:N> [--yes] [--json]

        The General Secretariat's hub sends this NCB signed analytical products built only from messages this
        NCB may read: corridor reports (routes aggregated origin > transit > destination, with the messages,
        persons and fatalities counted over a period) and network reports (persons and organisations linked
        across messages and countries). 'products' (or 'products list') lists them newest first (the id's last {IntelligenceIds.ShortLength} hex digits,
        kind, when produced, the period, how many messages it was built from); 'products show <id>' prints one
        (a corridor table, or the network's nodes and edges; --json gives the product exactly as received).
        'products export <id>' writes a network report for analysts' tools: GraphML (yEd, Gephi, Cytoscape,
        NetworkX) or DOT (Graphviz), to FILE or standard output; labels are escaped so that no name in a report
        can change the file's structure. Every listing, show and export is audited.

        A product whose source message this node purged (recalled, restricted away, expired; or this NCB's own
        message recalled) is purged with it: listed as 'purged: <cause>', shown with when and why and without
        its content, and cannot be exported. One the hub withdrew (a source recalled, expired or restricted away
        from this NCB, held here or not) is purged the same way and listed as 'withdrawn by the hub: <cause>'
        (one the operator discarded before the hub withdrew it stays 'purged: discarded').

        A product a node before migration 14 stored that no longer parses or passes today's check was left
        unrecorded when this node first opened its database after the upgrade: its sources are unknown, so no
        purge of one reaches it, and no agency is served it ('serve' warns at start; the audit's 'unrecorded'
        entry names its inbox row). 'products' lists it as 'UNRECORDED at upgrade, inbox=N', 'show' says why
        (--json: "unrecorded": true). One whose content no longer parses cannot be shown or exported: 'show'
        prints what its products row keeps (id, kind, produced, received, period) and fails (exit 1) naming
        the inbox row and why, as 'export' does.

        'products discard <id> --yes' removes such a product for good: the content of its copy, and of every
        other copy left unrecorded whose content still parses as the same product (a repeated envelope), is
        purged with the cause 'discarded' (audited 'discard' with the operator, the WAL truncated after), so
        'status' no longer counts it and 'products' lists it as 'purged: discarded'; its products row stays.
        'products discard inbox:N --yes' takes one copy by its inbox row (what 'products' and the audit's
        'unrecorded' entries name): the way to a repeated copy whose content no longer parses, and to the listed
        copy of a product a repeat of which is recorded. Discarding that listed copy moves the products row to
        the recorded copy (audited): 'products', 'show', 'export' and agencies then use the recorded copy, so
        the product is not lost with the broken one. Without --yes nothing changes: it prints what would go and
        exits 2. Refused (exit 1): a product any copy of which is recorded, or a recorded copy (its sources are
        known, so their purges reach it; the refusal names the copies left unrecorded beside it), one already
        purged, an inbox row that holds no product, an unknown id or row.

        Options:
          --limit N          list: at most N products (default 50, at most {NodeStore.MaxIntelligencePage}), newest first
          --before ID        list: the next page (the number the previous page's "More:" line gives)
          --format F         export: graphml or dot
          --output FILE      export: write FILE instead of standard output; a new FILE is its owner's only
                             (0600), an existing one is replaced and keeps its mode
          --yes              discard: really discard (without it: only show what would go, exit 2)

        Examples:
          $ hst-node products --config node.json
          PRODUCT   KIND      PRODUCED              PERIOD                                SOURCES  SUMMARY
          51d0c2aa  network   2026-11-30 06:00:00Z  2026-11-01 00:00Z to 2026-11-30 00:00Z  12       9 nodes, 11 edges
          $ hst-node products export 51d0c2aa --format graphml --output network.graphml --config node.json
          $ hst-node products discard 7e01c4d2 --yes --config node.json
          Discarded product 0193a5c27d1e7f008a2b3c4d7e01c4d2: its copy in inbox row 41 emptied (cause discarded), audited; 'hst-node products' lists it as purged.
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { ListOptions.Limit, ListOptions.Before, FormatOption, OutputOption };

    public IReadOnlySet<string> Flags { get; } = new HashSet<string> { ProductDiscardAction.YesFlag };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var positionals = context.Arguments.Positionals;
        switch (positionals.Count > 0 ? positionals[0] : null)
        {
            case "show":
                context.Arguments.ExpectPositionals("show", "<id>");
                return await ShowAsync(context, positionals[1], cancellationToken);
            case "export":
                context.Arguments.ExpectPositionals("export", "<id>");
                return await ExportAsync(context, positionals[1], cancellationToken);
            case "discard":
                context.Arguments.ExpectPositionals("discard", "<id | inbox:N>");
                return await ProductDiscardAction.RunAsync(context, positionals[1], cancellationToken);
            case "list":
                // 'products list' as on the hub.
                context.Arguments.ExpectPositionals("list");
                return await ListAsync(context, cancellationToken);
            default:
                context.Arguments.ExpectPositionals();
                return await ListAsync(context, cancellationToken);
        }
    }

    private Task<int> ListAsync(CommandContext context, CancellationToken cancellationToken) =>
        AuditedList.RunAsync(
            context, Name, (store, before, limit) => store.ListAllProductsAsync(before, limit, cancellationToken), SummaryJson,
            "No product: the hub has sent this NCB no corridor or network report.",
            new TextTable("PRODUCT", "KIND", "PRODUCED", "PERIOD", "SOURCES", "SUMMARY"),
            p => [
                IntelligenceIds.Short(p.ProductId), NetworkExport.Kind(p.Kind), Display.Time(p.ProducedAtMs),
                $"{Display.Time(p.PeriodStartMs)} to {Display.Time(p.PeriodEndMs)}", p.Sources.ToString(CultureInfo.InvariantCulture),
                p.Purged is { } purged ? $"{(purged.ByHub ? "withdrawn by the hub" : "purged")}: {purged.Cause} {Display.Time(purged.AtMs)}"
                    // A cell holds 60 characters: why it is apart is in 'show' and the help.
                    : p.Unrecorded ? $"UNRECORDED at upgrade, inbox={p.InboxLocalId.ToString(CultureInfo.InvariantCulture)}: see 'products show'"
                    : p.Description,
            ],
            cancellationToken);

    private static async Task<int> ShowAsync(CommandContext context, string text, CancellationToken cancellationToken)
    {
        await using var store = context.OpenStore(context.StoreSettings());
        var (summary, product, unreadable) = await FindAsync(store, text, cancellationToken);
        await store.AuditAsync(CommandContext.Actor, NodeAuditActions.Read, null, "products show product=" + IntelligenceIds.Format(summary.ProductId), cancellationToken);
        if (context.Json)
        {
            // product is null both when purged and when unreadable: "unreadable" (the reason, else null) tells them apart.
            context.WriteJson(new { Summary = SummaryJson(summary), Product = product is null ? (object?)null : IntelligenceDisplay.Json(product), Unreadable = unreadable });
        }
        else if (unreadable is not null)
        {
            ProductReport.WriteUnreadable(context.Out, summary);
        }
        else if (product is null)
        {
            ProductReport.WritePurged(context.Out, summary);
        }
        else
        {
            ProductReport.Write(context.Out, new ProductEntry(summary, product));
        }

        // What the row keeps is shown above; that its content is not is the command's failure, not a crash.
        return unreadable is null ? NodeCommandLine.Success : throw new CommandFailedException(unreadable);
    }

    private static async Task<int> ExportAsync(CommandContext context, string text, CancellationToken cancellationToken)
    {
        var format = context.Arguments.Required(FormatOption).ToLowerInvariant();
        if (!NetworkExport.Formats.Contains(format))
        {
            throw new CommandUsageException($"{FormatOption} is graphml or dot, not '{format}'.");
        }

        var output = context.Arguments.Optional(OutputOption);
        await using var store = context.OpenStore(context.StoreSettings());
        var (summary, product, unreadable) = await FindAsync(store, text, cancellationToken);
        var id = IntelligenceIds.Format(summary.ProductId);
        if (unreadable is not null)
        {
            throw new CommandFailedException(unreadable);
        }

        if (product is null)
        {
            throw new CommandFailedException(
                $"product {id} was purged{ProductReport.PurgedText(summary)}: its content is gone, there is nothing to export.");
        }

        string file;
        try
        {
            file = NetworkExport.Write(product, format);
        }
        catch (ArgumentException e)
        {
            throw new CommandFailedException(e.Message, e);
        }

        await store.AuditAsync(CommandContext.Actor, NodeAuditActions.Export, null,
            $"products export product={id} format={format} output={(output is null ? "stdout" : Path.GetFullPath(output))}", cancellationToken);
        if (output is null)
        {
            context.Out.Write(file);
            return NodeCommandLine.Success;
        }

        // Its labels are other countries' messages: a new file is the operator's alone.
        await PrivateFile.WriteAllTextAsync(output, file, new UTF8Encoding(false), cancellationToken);
        var network = product.Network;
        context.Out.WriteLine($"Wrote network report {id} ({format}, {network.Nodes.Count} nodes, {network.Edges.Count} edges) to {Path.GetFullPath(output)}.");
        return NodeCommandLine.Success;
    }

    /// <summary>
    /// The product row <paramref name="text"/> names, purged or not, and its content (null once purged); or, when its stored
    /// content no longer parses (a row a node before migration 14 stored: the catch-up at open left it unrecorded), why not.
    /// </summary>
    private static async Task<(ProductSummary Summary, AnalyticalProduct? Product, string? Unreadable)> FindAsync(
        NodeStore store, string text, CancellationToken cancellationToken)
    {
        var summary = await IdSelector.ResolveAsync(
            text, "product", "hst-node products", s => store.FindAllProductsAsync(s, cancellationToken), p => p.ProductId);
        try
        {
            return (summary, summary.Purged is null ? await store.ProductIfHeldAsync(summary, cancellationToken) : null, null);
        }
        catch (InvalidDataException)
        {
            return (summary, null,
                $"product {IntelligenceIds.Format(summary.ProductId)} (inbox row {summary.InboxLocalId.ToString(CultureInfo.InvariantCulture)}) cannot be read: " +
                "its stored content no longer parses as an analytical product" +
                (summary.Unrecorded ? "; it was left unrecorded at upgrade (the audit's 'unrecorded' entry names it)." : "."));
        }
    }

    private static object SummaryJson(ProductSummary p) => new
    {
        ProductId = IntelligenceIds.Format(p.ProductId), Short = IntelligenceIds.Short(p.ProductId), Kind = NetworkExport.Kind(p.Kind),
        ProducedAt = StoredTime.Of(p.ProducedAtMs), PeriodStart = StoredTime.Of(p.PeriodStartMs),
        PeriodEnd = StoredTime.Of(p.PeriodEndMs), p.Sources, p.Description,
        ReceivedAt = StoredTime.Of(p.ReceivedAtMs),
        Purged = p.Purged is { } purged ? new { At = StoredTime.Of(purged.AtMs), purged.Cause, purged.ByHub } : null,
        p.Unrecorded,
        p.InboxLocalId,
    };
}
