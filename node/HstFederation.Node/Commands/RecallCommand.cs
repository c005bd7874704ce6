using HstFederation.Node.Lifecycle;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>`recall &lt;id&gt;`: this NCB withdraws a case it sent; every holder deletes its copy and confirms. Audited.</summary>
internal sealed class RecallCommand : INodeCommand
{
    private const string ReasonOption = "--reason";

    public string Name => "recall";

    public string Summary => "Withdraw a case this NCB sent: every holder deletes its copy (recall <id> --reason ...).";

    public string Help => $$"""
        Usage: hst-node recall <message id> --reason inaccurate|legal-order|protection|sent-in-error|other [--note TEXT] [--json]

        Signs one recall order per version of the case (<message id> may name any version) that the hub holds,
        and stores them in the order outbox before saying so; 'hst-node serve' sends them to the hub, which
        purges its copies and relays the order to every holder (including members it forwarded the message
        to). Each holder deletes the content, keeps a tombstone with the order as evidence, and returns a
        signed confirmation (PURGED, or NOT_HELD if it never stored it): 'hst-node show <message id>' lists
        them. This NCB keeps its own outbox copy. Only this NCB's own messages; a recall is final.

        A version sealed for the hub that the hub has not answered yet (usually the first message queued during
        a hub outage: 'cancel' refuses it, as a submit of it may have reached the hub) is recalled too: its order
        is signed and stored now, PENDING, and 'serve' sends it as soon as it has recorded the hub's acceptance of
        that version, so recipients can read it only until then. If the hub refuses that version instead, it never
        left this node: the pending order is dropped, never sent ('show' says so; audited 'lifecycle-dropped').
        A version still queued and never sealed is refused: stop it with 'hst-node cancel', which is immediate.

        Options:
          --reason REASON   why (required): inaccurate, legal-order, protection, sent-in-error or other
          --note TEXT       at most {{LifecycleRules.MaxNoteLength}} characters; visible to the hub, so never case content
          --json            {"orders":[{"orderId":...,"messageId":...,"version":1,"action":"recall","state":"queued"}]}
                            state: queued (sent by 'serve' now) or pending (sent once the hub accepts that version)

        <message id> is any form 'show' takes: the id, its 32 hex digits, or outbox:N (the ID 'outbox' lists).

        Exit codes: 0 queued or pending; 1 refused (not this NCB's message, unknown id, a version still queued and
        never sealed (cancel it), already recalled, its order perhaps still pending: the message says so); 2 bad arguments.

        Example:
          $ hst-node recall 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b --reason inaccurate --note "wrong vessel" --config node.json
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { ReasonOption, OrderCommandRunner.NoteOption };

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var reason = Reason(context.Arguments.Required(ReasonOption));
        var note = OrderCommandRunner.Text(context, OrderCommandRunner.NoteOption, LifecycleRules.MaxNoteLength);
        return OrderCommandRunner.RunAsync(context, new OrderRequest("recall", o => o.Recall = new RecallOrder { Reason = reason, Note = note }, MayWait: true), cancellationToken);
    }

    public static RecallReason Reason(string text) => RecallReasons.TryParse(text, out var reason)
        ? reason
        : throw new CommandUsageException($"{ReasonOption} is {RecallReasons.Choices}, not '{text}'.");
}
