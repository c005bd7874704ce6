using HstFederation.Node.Lifecycle;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Commands;

/// <summary>
/// What `restrict`, `recall`, `extend` and `lapse` share: the message id argument, this NCB's identity, the orders signed
/// and stored (audited as lifecycle-issued) before anything is printed, and the report. The running `serve` sends them.
/// </summary>
internal static class OrderCommandRunner
{
    public const string NoteOption = "--note";

    public static async Task<int> RunAsync(CommandContext context, OrderRequest request, CancellationToken cancellationToken)
    {
        var selector = MessageId(context);
        var (options, credentials) = context.Identity();
        await using var store = context.OpenStore(options);
        var id = await selector.ResolveAsync(store, cancellationToken);
        var issuer = new OrderIssuer(store, credentials.Party, context.Time, SystemRandomSource.Instance);
        var orders = await issuer.IssueAsync(id, request, CommandContext.Actor, cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new
            {
                Orders = orders.Select(o => new
                {
                    OrderId = LedgerJson.Id(o.OrderId), MessageId = MessageIds.Format(o.MessageId), o.Version, o.Action, State = o.Pending ? "pending" : "queued",
                }),
            });
            return NodeCommandLine.Success;
        }

        context.Out.WriteLine($"Queued {orders.Count} {orders[0].Action} order(s), signed by this NCB; 'hst-node serve' sends them to the hub:");
        foreach (var order in orders)
        {
            context.Out.WriteLine($"  order {LedgerJson.Id(order.OrderId)}  message {MessageIds.Format(order.MessageId)} (version {order.Version})" +
                (order.Pending ? ": PENDING, sent once the hub accepts this version (sealed, not answered yet); dropped if it refuses it" : string.Empty));
        }

        context.Out.WriteLine("Follow them with 'hst-node show <message id>' (the hub's receipt, each holder's confirmation).");
        return NodeCommandLine.Success;
    }

    /// <summary>The one positional: a message in any form <see cref="MessageSelector"/> takes, or a usage error.</summary>
    public static MessageSelector MessageId(CommandContext context)
    {
        context.Arguments.ExpectPositionals("<message id>");
        return MessageSelector.Parse(context.Arguments.Positionals[0]);
    }

    /// <summary>An optional free text of at most <paramref name="max"/> characters; visible to the hub, so never case content.</summary>
    public static string Text(CommandContext context, string option, int max, bool required = false)
    {
        var text = required ? context.Arguments.Required(option) : context.Arguments.Optional(option) ?? string.Empty;
        if (required && text.Trim().Length == 0)
        {
            throw new CommandUsageException($"{option} must not be empty.");
        }

        return text.Length <= max ? text : throw new CommandUsageException($"{option} is {text.Length} characters; at most {max}.");
    }
}
