using HstFederation.Node.HubLink;
using HstFederation.Node.Intelligence;
using HstFederation.Protocol.Identities;
using Microsoft.Extensions.Logging.Abstractions;

namespace HstFederation.Node.Commands;

/// <summary>`release &lt;hit&gt;`: this NCB consents to the hub forwarding its message to the hit's other source. Audited.</summary>
internal sealed class ReleaseCommand : INodeCommand
{
    public string Name => "release";

    public string Summary => "Release this NCB's message named by a hit to the hit's other source, through the hub.";

    public string Help => $"""
        Usage: hst-node release <hit> [--config FILE] [--json]

        Consents, as this NCB, to the hub forwarding the message of a hit ('hst-node hits') to the hit's other
        source, and asks the hub to do it now. The node signs a forward consent naming exactly that member and
        the exact header it sent (the envelope kept in its outbox) with this NCB's signing key; the hub checks
        the consent and the message's handling (H2 needs this consent, H3 is never forwarded, excluded members
        never receive it), wraps the message's content key for the other source and appends its signed forward
        record: the other source receives the whole message with this NCB's own signature intact. Releasing is
        final: the other source keeps the message. Releasing a hit again returns the first answer.

        <hit> is the hit as 'hst-node hits' shows it (the last {IntelligenceIds.ShortLength} hex digits of its id), or more of the id.
        Needs the hub (Node:HubAddress) and this NCB's credentials, as 'send' does.

        Outcomes, recorded on the hit and in the audit log (actor operator:<user>, action 'release'):
          released   the hub forwarded the message (or had already: "already released")
          refused    the hub refused, with its reason (e.g. ForwardNotPermitted: handling H3 or an excluded
                     member; ConsentInvalid; HitUnknown) and its correlation id, or this node refused
                     before asking (NotReleasable: the hub said it cannot forward it; NotSent: the message is
                     not in the outbox as accepted); exit 1
          unavailable  the hub could not be reached or answer now: nothing recorded on the hit; try again; exit 1

        Example:
          $ hst-node release 9c41e07a --config node.json
          Released message 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b to DE (hit …9c41e07a): the hub forwarded it with this NCB's signed consent.
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals("<hit>");
        var text = context.Arguments.Positionals[0];
        var (options, credentials) = context.Identity();
        await using var store = context.OpenStore(options);
        var hit = await IdSelector.ResolveAsync(text, "hit", "hst-node hits", s => store.FindHitsAsync(s, cancellationToken), h => h.HitId);
        using var hub = new HubConnection(new Uri(options.HubAddress), credentials.TlsCertificate, credentials.Trust);
        var releaser = new HitReleaser(store, hub, credentials.Party, context.Time, NullLogger.Instance);
        var outcome = await releaser.ReleaseAsync(hit, CommandContext.Actor, cancellationToken);
        var message = MessageIds.Format(hit.YourMessageId);
        var to = Display.Party(outcome.ReleasedTo);
        if (context.Json)
        {
            context.WriteJson(new
            {
                HitId = IntelligenceIds.Format(hit.HitId), MessageId = message, To = to, Outcome = outcome.Result.ToString().ToLowerInvariant(),
                outcome.Duplicate, outcome.Reason, outcome.Detail,
            });
        }
        else
        {
            context.Out.WriteLine(outcome.Result switch
            {
                ReleaseResult.Released when outcome.Duplicate =>
                    $"Already released: message {message} was forwarded to {to} earlier (hit …{IntelligenceIds.Short(hit.HitId)}); the hub forwarded nothing again.",
                ReleaseResult.Released =>
                    $"Released message {message} to {to} (hit …{IntelligenceIds.Short(hit.HitId)}): the hub forwarded it with this NCB's signed consent.",
                ReleaseResult.Refused =>
                    $"REFUSED: message {message} was not released to {to}: {outcome.Reason}: {Display.Safe(outcome.Detail)}",
                _ =>
                    $"Not released: the hub could not be reached or answer ({outcome.Reason}: {Display.Safe(outcome.Detail)}). Nothing was recorded on the hit; try again.",
            });
        }

        return outcome.Result == ReleaseResult.Released ? NodeCommandLine.Success : NodeCommandLine.Failure;
    }
}
