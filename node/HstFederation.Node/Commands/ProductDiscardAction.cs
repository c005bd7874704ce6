using System.Globalization;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Commands;

/// <summary>
/// `products discard &lt;id | inbox:N&gt; [--yes]`: removes the content of a product left unrecorded at upgrade
/// (<see cref="ProductDiscard"/>). Without --yes it only says what would go and exits 2, as `hst-hub revoke` does.
/// </summary>
internal static class ProductDiscardAction
{
    public const string YesFlag = "--yes";
    public const string InboxPrefix = "inbox:";

    public static async Task<int> RunAsync(CommandContext context, string text, CancellationToken cancellationToken)
    {
        var yes = context.Arguments.Flag(YesFlag) == true;
        var inboxRow = InboxRow(text);
        await using var store = context.OpenStore(context.StoreSettings());
        var summary = inboxRow is null
            ? await IdSelector.ResolveAsync(text, "product", "hst-node products", s => store.FindAllProductsAsync(s, cancellationToken), p => p.ProductId)
            : null;
        var target = summary is null ? ProductDiscardTarget.InboxRow(inboxRow!.Value) : ProductDiscardTarget.Product(summary.Id);
        var name = summary is null ? "inbox row " + inboxRow!.Value.ToString(CultureInfo.InvariantCulture) : "product " + IntelligenceIds.Format(summary.ProductId);
        ProductDiscardPlan plan;
        try
        {
            plan = yes
                ? await store.DiscardProductAsync(target, CommandContext.Actor, cancellationToken)
                : await store.PlanProductDiscardAsync(target, cancellationToken);
        }
        catch (ProductDiscardRefusedException e)
        {
            throw new CommandFailedException($"cannot discard {name}: {e.Message}", e);
        }

        var product = plan.ProductId is { } id ? IntelligenceIds.Format(id) : null;
        if (context.Json)
        {
            context.WriteJson(new
            {
                ProductId = product, InboxLocalIds = plan.InboxLocalIds, plan.RecordedCopy, Discarded = yes, Cause = yes ? LifecyclePurge.Discarded : null,
            });
        }
        else
        {
            context.Out.WriteLine(yes
                ? $"Discarded {What(product)}: {Copies(plan)} emptied (cause {LifecyclePurge.Discarded}), audited; " +
                  (plan.RecordedCopy is { } copy
                      ? $"'hst-node products' now lists it from its recorded copy in inbox row {Number(copy)}."
                      : "'hst-node products' lists it as purged.")
                : $"Would discard {What(product)}: {Copies(plan)}, left unrecorded at upgrade, would lose its content for good " +
                  $"(cause {LifecyclePurge.Discarded}); " +
                  (plan.RecordedCopy is { } recorded
                      ? $"the products row would list it from its recorded copy in inbox row {Number(recorded)}."
                      : "the products row stays for the ledger."));
        }

        if (yes)
        {
            return NodeCommandLine.Success;
        }

        context.Error.WriteLine($"hst-node products: nothing changed; add {YesFlag} to discard it.");
        return NodeCommandLine.BadArguments;
    }

    /// <summary>The local id of "inbox:N", null for anything else (a product id); "inbox:" with no row number is a usage error.</summary>
    private static long? InboxRow(string text)
    {
        if (!text.StartsWith(InboxPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return long.TryParse(text.AsSpan(InboxPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var localId) && localId >= 1
            ? localId
            : throw new CommandUsageException(
                $"'{text}' is not an inbox row: give {InboxPrefix}N with N the row 'hst-node products' or the audit's 'unrecorded' entry names.");
    }

    private static string What(string? product) => product is null ? "a product whose content no longer parses" : "product " + product;

    private static string Copies(ProductDiscardPlan plan) =>
        (plan.InboxLocalIds.Count == 1 ? "its copy in inbox row " : "its copies in inbox rows ") +
        string.Join(", ", plan.InboxLocalIds.Select(Number));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
