using System.Globalization;
using HstFederation.Node.Audit;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Commands;

/// <summary>
/// The list commands of what the hub sent (`hits`, `products`): --limit and --before, the listing audited as a `list`
/// by the operator, then --json or a table with the "More:" line.
/// </summary>
internal static class AuditedList
{
    /// <param name="list">The command and the JSON property of the items ("hits", "products").</param>
    public static async Task<int> RunAsync<T>(
        CommandContext context, string list, Func<NodeStore, long?, int, Task<MessagePage<T>>> read, Func<T, object> json, string empty,
        TextTable table, Func<T, string[]> row, CancellationToken cancellationToken)
    {
        var limit = context.Arguments.PositiveInt(ListOptions.Limit, 50, NodeStore.MaxIntelligencePage);
        var before = ListOptions.BeforeLocalId(context.Arguments);
        await using var store = context.OpenStore(context.StoreSettings());
        var page = await read(store, before, limit);
        await store.AuditAsync(CommandContext.Actor, NodeAuditActions.List, null,
            $"{list} returned={page.Items.Count.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new Dictionary<string, object?> { [list] = page.Items.Select(json), ["nextBefore"] = page.NextBeforeLocalId });
            return NodeCommandLine.Success;
        }

        if (page.Items.Count == 0)
        {
            context.Out.WriteLine(empty);
            return NodeCommandLine.Success;
        }

        foreach (var item in page.Items)
        {
            table.Add(row(item));
        }

        table.WriteTo(context.Out);
        ListOptions.WriteNextPage(context, list, page.NextBeforeLocalId);
        return NodeCommandLine.Success;
    }
}
