using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Commands;

/// <summary>`cancel &lt;id&gt;`: stops a queued message the hub provably never received (<see cref="OutboxCancel"/>). Audited.</summary>
internal sealed class CancelCommand : INodeCommand
{
    public string Name => "cancel";

    public string Summary => "Stop a queued message the hub has never received (sent in error during a hub outage).";

    public string Help => """
        Usage: hst-node cancel <message id | outbox:N> [--json]

        Stops a message this NCB queued that the hub provably never received: it is still queued and was never
        sealed for the hub (the node seals a message, and keeps the envelope, just before its first submit; it
        does not record attempts, so a sealed message may have reached the hub). The check and the cancel are one
        transaction of the node's writer, which the hub link's claim on a message (keeping its envelope) also
        goes through: 'serve' cannot start submitting it in between, and never submits it afterwards. The
        message ends refused as Cancelled ('outbox --state rejected' no longer lists it, as any purged copy;
        'hst-node show' shows it), its content is purged as a recall's would be, recorded with the cause
        'cancelled' ('show', 'ledger': it never left this node), and the cancel is audited ('cancel', by
        operator:<user>). Recipients see no gap: a message takes its per-recipient number only
        when the hub accepts it.

        When it works: for a message 'serve' has not sealed yet. 'serve' seals the first queued message within
        one poll, before it submits it; while the hub is down it still does, with the member directory it holds
        (until that expires), and then stops at that message's failed submit. So during an outage the first
        message queued is usually sealed and cannot be cancelled, while the messages queued behind it can (also
        every queued message while 'serve' is not running, or holds no unexpired directory). For the sealed one,
        run 'hst-node recall' now: the recall is stored at once, pending, and 'serve' sends it as soon as the hub
        accepts the message; if the hub refuses it instead, it was never sent and the recall is dropped. Cancel
        the later versions of a message first: a version whose update is queued is refused.

        Refused (exit 1): accepted by the hub (use 'hst-node recall'), already refused, sealed for the hub (a
        submit may have reached it: recall it, which takes effect as soon as the hub accepts it), or a later
        version of it is queued (cancel that one first; the message names it).

        It signs nothing, so it works too while the CRL is stale or revokes this NCB's credentials (a node stopped
        while its NCB was revoked keeps its queued messages queued: 'hst-node status' and 'outbox' say so).

        Exit codes: 0 cancelled; 1 refused (above, or no such message in the outbox); 2 bad arguments.

        Example:
          $ hst-node cancel outbox:12 --config node.json
          Cancelled 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b (outbox #12): the hub never received it and never will; its content is purged.
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var selector = OrderCommandRunner.MessageId(context);
        // Signs nothing: a message that can never leave (the CRL stale, this NCB revoked while serve was stopped) can still be cancelled.
        var (options, credentials) = context.HeldIdentity();
        await using var store = context.OpenStore(options);
        var id = await selector.ResolveAsync(store, cancellationToken);
        var text = MessageIds.Format(id);
        var entry = await store.GetOutboxByMessageIdAsync(id, cancellationToken)
            ?? throw new CommandFailedException($"cannot cancel {text}: it is not in the outbox (only this NCB's own queued messages can be cancelled).");
        try
        {
            await store.CancelQueuedAsync(entry.LocalId, credentials.Party, CommandContext.Actor, cancellationToken);
        }
        catch (CancelRefusedException e)
        {
            throw new CommandFailedException($"cannot cancel {text} (outbox #{entry.LocalId}): {e.Message}", e);
        }

        if (context.Json)
        {
            context.WriteJson(new { MessageId = text, entry.LocalId, State = "rejected", Reason = OutboxCancel.Reason });
        }
        else
        {
            context.Out.WriteLine($"Cancelled {text} (outbox #{entry.LocalId}): the hub never received it and never will; its content is purged.");
        }

        return NodeCommandLine.Success;
    }
}
