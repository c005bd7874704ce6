using HstFederation.Node.Audit;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Commands;

/// <summary>
/// `ledger &lt;id&gt;`: who holds one message and what happened to each copy, as this node knows it (docs/lifecycle.md §6).
/// Never content. Audited as a `ledger` look-up by the operator (not as a read: no content is shown).
/// </summary>
internal sealed class LedgerCommand : INodeCommand
{
    public string Name => "ledger";

    public string Summary => "Who holds one message and what happened to it: deliveries, forwards, versions, orders, reads, audit.";

    public string Help => """
        Usage: hst-node ledger <message id | outbox:N | inbox:N> [--json]

        The ledger of one message, from one read snapshot of the node's database, never its content:
          - sent by this NCB: its state at the hub, the handling and lineage it was signed with, each holder
            (every addressee, delivered when its signed delivery receipt arrived; every party the hub forwarded it
            to whose receipt was relayed), this NCB's releases of it (hits), the orders it issued with each
            holder's confirmation, and the hub's own orders about it (the expiry) with the holders' confirmations
            the hub relayed with them;
          - received: from whom, when, under which signed handling and lineage, and the hub's forwards it came
            through;
          - the reads of its content on this node ('show', the agency API), and every audit entry about the
            message in log order (time, actor, certificate, action, detail). CERTIFICATE is the serial of the
            client certificate an agency's call came through (as 'agencies block-certificate --serial' takes it;
            '-' for operators, the node and the hub, and for entries written before schema 22).
        <message id> is the UUIDv7 'outbox' and 'inbox' list, or its 32 hex digits (as the hub's ledger takes it);
        outbox:N and inbox:N name a row by the local number 'outbox' and 'inbox' list as ID and 'send' and 'show'
        print (outbox #N, inbox #N; taken in that form too). The look-up is written to the audit log as 'ledger' by operator:<user>.

        Exit codes: 0 shown; 1 no such message; 2 a malformed id.

        Example:
          $ hst-node ledger 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b --config node.json
          Message 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b
          Sent by this NCB (outbox #12, sequence 3), queued 2026-11-29 10:00:00Z by agency:border-police
            accepted by the hub 2026-11-29 10:00:01Z at hub sequence 41
            handling H1, the hub cannot read it, retain until 2031-11-29 10:00:00Z
            HOLDER  HOW        DELIVERED
            DE      addressee  2026-11-29 10:00:02Z
            IT      addressee  no delivery receipt yet
          ...
          AUDIT (3 entries)
          SEQ  TIME                  ACTOR                 CERTIFICATE       ACTION   DETAIL
          88   2026-11-29 10:00:00Z  agency:border-police  5BE9B59C9EA880D1  enqueue  local_id=12 sequence=3 addressees=2
          ...
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals("<message id>");
        var selector = MessageSelector.Parse(context.Arguments.Positionals[0]);
        await using var store = context.OpenStore(context.StoreSettings());
        var id = await selector.ResolveAsync(store, cancellationToken);
        var ledger = await store.LedgerAsync(id, cancellationToken);
        if (!ledger.IsFound)
        {
            throw new CommandFailedException($"no message {MessageIds.Format(id)} in the outbox or the inbox.");
        }

        await store.AuditAsync(CommandContext.Actor, NodeAuditActions.Ledger, id, "ledger", cancellationToken);
        if (context.Json)
        {
            context.WriteJson(LedgerJson.Shape(ledger));
        }
        else
        {
            LedgerText.Write(ledger, context.Out);
        }

        return NodeCommandLine.Success;
    }
}
