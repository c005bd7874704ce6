using HstFederation.Node.Lifecycle;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>`lapse &lt;id&gt;`: answer a retention review by letting a case this NCB sent expire at its date. Audited.</summary>
internal sealed class LapseCommand : INodeCommand
{
    public string Name => "lapse";

    public string Summary => "Answer a retention review: let a sent case expire at its retention date.";

    public string Help => $$"""
        Usage: hst-node lapse <message id> [--note TEXT] [--json]

        Signs one lapse order per version of the case that the hub holds and stores them in the order outbox;
        'hst-node serve' sends them. The hub records the answer to its retention review; nothing changes for
        the holders until the retention date, when the hub purges its copies and orders every holder to
        (doing nothing has the same effect, without the record). The review is recorded as lapsed.

        Options:
          --note TEXT   at most {{LifecycleRules.MaxNoteLength}} characters; visible to the hub, so never case content
          --json        {"orders":[{"orderId":...,"messageId":...,"version":1,"action":"lapse"}]}

        <message id> is any form 'show' takes: the id, its 32 hex digits, or outbox:N (the ID 'outbox' lists).

        Exit codes: 0 queued; 1 refused (not this NCB's message, unknown id, a version still queued); 2 bad arguments.

        Example:
          $ hst-node lapse 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b --config node.json
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { OrderCommandRunner.NoteOption };

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var note = OrderCommandRunner.Text(context, OrderCommandRunner.NoteOption, LifecycleRules.MaxNoteLength);
        return OrderCommandRunner.RunAsync(
            context, new OrderRequest("let lapse", o => o.Lapse = new RetentionLapse { Note = note }, ReviewDecision: RetentionReviews.Lapsed), cancellationToken);
    }
}
