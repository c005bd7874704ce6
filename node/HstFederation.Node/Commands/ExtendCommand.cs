using System.Globalization;
using HstFederation.Node.Lifecycle;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>`extend &lt;id&gt;`: keep a case this NCB sent past its retention date, with a justification. Audited.</summary>
internal sealed class ExtendCommand : INodeCommand
{
    private const string UntilOption = "--until";
    private const string JustificationOption = "--justification";

    public string Name => "extend";

    public string Summary => "Keep a sent case longer: a new retention date with its justification (answers a review).";

    public string Help => $$"""
        Usage: hst-node extend <message id> --until YYYY-MM-DD --justification TEXT [--json]

        Signs one retention extension per version of the case that the hub holds and stores them in the order
        outbox; 'hst-node serve' sends them. The hub records the new date and the justification (its ledger
        and audit), re-arms its review and relays the extension to every holder, which keeps its copy until
        the new date (APPLIED). This answers a retention review from the hub ('hst-node show' of the message
        lists its reviews): the review is recorded as extended. The new date (00:00 UTC of YYYY-MM-DD) must
        be later than the retention date in force, and at most {{Protocol.Validation.HstMessageLimits.MaxRetentionYears}} years from now.

        Options:
          --until DATE            the new retention date, YYYY-MM-DD (required)
          --justification TEXT    why the case is still needed, 1 to {{LifecycleRules.MaxJustificationLength}} characters (required; visible to
                                  the hub, so never case content)
          --json                  {"orders":[{"orderId":...,"messageId":...,"version":1,"action":"extension"}]}

        <message id> is any form 'show' takes: the id, its 32 hex digits, or outbox:N (the ID 'outbox' lists).

        Exit codes: 0 queued; 1 refused (the date does not extend, not this NCB's message, unknown id, a
        version still queued); 2 bad arguments.

        Example:
          $ hst-node extend 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b --until 2033-06-30 --justification "trial pending" --config node.json
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { UntilOption, JustificationOption };

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var text = context.Arguments.Required(UntilOption);
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new CommandUsageException($"{UntilOption} is a date as YYYY-MM-DD, not '{text}'.");
        }

        var until = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var justification = OrderCommandRunner.Text(context, JustificationOption, LifecycleRules.MaxJustificationLength, required: true);
        var request = new OrderRequest(
            "extend",
            o => o.Extension = new RetentionExtension { RetainUntilMs = until, Justification = justification },
            // The hub's own wording (RETENTION_INVALID).
            (version, handling) => Current(version, handling) is { } current && until <= current
                ? $"the new retention date is not later than the current one ({Display.Time(current)}) (RetentionInvalid)"
                : null,
            RetentionReviews.Extended);
        return OrderCommandRunner.RunAsync(context, request, cancellationToken);
    }

    private static long? Current(SentVersion version, Handling handling) => version.RetainUntilMs ?? StoredHeaders.RetainUntilMs(handling);
}
