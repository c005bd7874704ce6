using HstFederation.Node.Lifecycle;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>`restrict &lt;id&gt;`: tighten the handling of a case this NCB sent or exclude members from it. Audited.</summary>
internal sealed class RestrictCommand : INodeCommand
{
    private const string HandlingOption = "--handling";
    private const string ExcludeOption = "--exclude";

    public string Name => "restrict";

    public string Summary => "Tighten a sent case's handling or exclude members: holders no longer allowed delete it.";

    public string Help => $$"""
        Usage: hst-node restrict <message id> [--handling H0..H3] [--exclude CC[,CC...]] [--note TEXT] [--json]

        Signs one restriction order per version of the case that the hub holds and stores them in the order
        outbox; 'hst-node serve' sends them. The hub enforces the new handling on every later forward and
        relays the order to every holder: a holder that may no longer keep its copy (now excluded, or holding
        a forwarded copy the new code no longer permits) deletes it (PURGED), the others apply it (APPLIED).
        A restriction only tightens: the code must be at least as strict as the one in force (H0 < H1 < H2
        < H3), and at least one of --handling and --exclude is needed. To widen the audience, send an update.

        Options:
          --handling CODE   the new handling code, H0 to H3, at least as strict as the current one (e.g. H1 for an H0
                            message; the same code with --exclude only excludes)
          --exclude CC,CC   members (ISO 3166-1 alpha-2) added to the excluded members
          --note TEXT       at most {{LifecycleRules.MaxNoteLength}} characters; visible to the hub, so never case content
          --json            {"orders":[{"orderId":...,"messageId":...,"version":1,"action":"restriction"}]}

        <message id> is any form 'show' takes: the id, its 32 hex digits, or outbox:N (the ID 'outbox' lists).

        Exit codes: 0 queued; 1 refused (it would loosen the handling, not this NCB's message, unknown id, a
        version still queued); 2 bad arguments.

        Example:
          $ hst-node restrict 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b --handling H3 --exclude IT --config node.json
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { HandlingOption, ExcludeOption, OrderCommandRunner.NoteOption };

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var code = Code(context.Arguments.Optional(HandlingOption));
        var excluded = context.Arguments.MemberCodes(ExcludeOption);
        if (code == HandlingCode.Unspecified && excluded.Count == 0)
        {
            throw new CommandUsageException($"a restriction tightens the code or excludes at least one member: give {HandlingOption} or {ExcludeOption}.");
        }

        var note = OrderCommandRunner.Text(context, OrderCommandRunner.NoteOption, LifecycleRules.MaxNoteLength);
        var request = new OrderRequest(
            "restrict",
            o => o.Restriction = new RestrictionOrder { Code = code, ExcludeMembers = { excluded }, Note = note },
            // The hub's own wording (RESTRICTION_LOOSENS), so the operator reads the same reason here as from the hub.
            (_, current) => code != HandlingCode.Unspecified && !LifecycleRules.IsAtLeastAsStrict(current.Code, code)
                ? $"{code} is less strict than {current.Code}: a restriction only tightens (RestrictionLoosens)"
                : null);
        return OrderCommandRunner.RunAsync(context, request, cancellationToken);
    }

    private static HandlingCode Code(string? text) => text?.ToUpperInvariant() switch
    {
        null => HandlingCode.Unspecified,
        "H0" => HandlingCode.H0,
        "H1" => HandlingCode.H1,
        "H2" => HandlingCode.H2,
        "H3" => HandlingCode.H3,
        _ => throw new CommandUsageException($"{HandlingOption} must be H0, H1, H2 or H3, not '{text}'."),
    };
}
