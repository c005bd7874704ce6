using HstFederation.Node.HubLink;
using HstFederation.Node.Sending;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.Logging.Abstractions;

namespace HstFederation.Node.Commands;

/// <summary>`update &lt;id&gt;`: queue a new version of the current version of a case this NCB sent. Audited as an enqueue.</summary>
internal sealed class UpdateCommand : INodeCommand
{
    private const string FileOption = "--file";
    private const string ReasonOption = "--reason";
    private const string ToOption = "--to";
    private const string HandlingOption = "--handling";
    private const string HubMayReadFlag = "--hub-may-read";

    public string Name => "update";

    public string Summary => "Queue a new version of a case this NCB sent: update <id> --file new.json --reason TEXT.";

    public string Help => $$"""
        Usage: hst-node update <message id> --file FILE --reason TEXT [--to CC,CC...] [--handling H0|H1|H2|H3]
                               [--hub-may-read yes|no] [--json]

        Queues a new version of a message this NCB sent, as a new message whose signed header names the
        version it supersedes (its id and header hash), its version number (one more) and the reason.
        <message id> must be the current version of the case: if it was superseded, the command says which
        version is current and refuses. The new version goes to the same addressees under the same handling
        as the superseded one as in force now (restrictions included) unless --to or --handling say
        otherwise; an update cannot loosen the handling, nor leave out a member the superseded version went
        to and that may still hold it (use 'hst-node restrict' to narrow the audience). It is validated,
        queued durably and then sealed and sent by 'hst-node serve' like any message; recipients keep both
        versions and mark the older one superseded.

        Options:
          --file FILE        the new version as JSON ('-' for standard input), as for 'hst-node send' (required);
                             its handling is replaced by the superseded version's
          --reason TEXT      why, 1 to {{LifecycleRules.MaxNoteLength}} characters (required; in the signed header, visible to
                             the hub: never case content), e.g. "date of birth corrected"
          --to CC,CC         addressee members (replaces the list; must keep every current holder)
          --handling CODE    H0..H3, at least as strict as the handling in force
          --hub-may-read yes|no
                             whether the General Secretariat may read the new version (as 'send' explains;
                             without it, as the superseded version in force)
          --json             {"messageId":...,"localId":...,"version":2,"supersedes":...,"recipients":[...]}

        <message id> is any form 'show' takes: the id, its 32 hex digits, or outbox:N (the ID 'outbox' lists).

        Exit codes: 0 queued; 1 refused (not this NCB's message, unknown id, superseded, recalled or refused
        version, invalid message); 2 bad arguments.

        Example:
          $ hst-node update 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b --file case-v2.json --reason "date of birth corrected" --config node.json
          Queued version 2 of the case as 0193a5c3-… (outbox #13), superseding 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b; for DE, IT; handling H2.
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { FileOption, ReasonOption, ToOption, HandlingOption };

    public IReadOnlySet<string> Flags { get; } = new HashSet<string> { HubMayReadFlag };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var selector = OrderCommandRunner.MessageId(context);
        var arguments = context.Arguments;
        var reason = OrderCommandRunner.Text(context, ReasonOption, LifecycleRules.MaxNoteLength, required: true);
        var members = arguments.MemberCodes(ToOption);
        var message = SendCommand.ReadMessage(arguments.Required(FileOption));
        var request = new SendRequest(
            message, members, [], SendCommand.ParseHandling(arguments.Optional(HandlingOption)), arguments.Flag(HubMayReadFlag));

        var (options, credentials) = context.Identity();
        await using var store = context.OpenStore(options);
        var id = await selector.ResolveAsync(store, cancellationToken);
        using var hub = new HubConnection(new Uri(options.HubAddress), credentials.TlsCertificate, credentials.Trust);
        var directory = new MemberDirectoryCache(hub, credentials.Trust, context.Time, options.DirectoryRefresh, NullLogger.Instance);
        var submitter = new MessageSubmitter(store, directory, credentials.Party.Party, context.Time, SystemRandomSource.Instance);
        var (queued, superseded) = await new UpdateSubmitter(store, submitter).UpdateAsync(id, request, reason, CommandContext.Actor, cancellationToken);
        var stored = (await store.GetOutboxAsync(queued.LocalId, cancellationToken))!;
        var handling = HstMessage.Parser.ParseFrom(stored.Plaintext).Handling;
        var recipients = stored.Addressees.Select(Display.Party).ToList();
        var newId = MessageIds.Format(queued.MessageId);
        var supersedes = MessageIds.Format(superseded.MessageId);
        if (context.Json)
        {
            context.WriteJson(new
            {
                MessageId = newId, queued.LocalId, Version = superseded.Version + 1, Supersedes = supersedes, Reason = reason, queued.Sequence,
                Recipients = recipients, Handling = handling.Code.ToString(), handling.HubMayRead,
            });
        }
        else
        {
            context.Out.WriteLine(
                $"Queued version {superseded.Version + 1} of the case as {newId} (outbox #{queued.LocalId}), superseding {supersedes}; " +
                $"for {string.Join(", ", recipients)}; handling {Display.Handling(handling.Code)}, hub may {(handling.HubMayRead ? "read" : "not read")}.");
        }

        return NodeCommandLine.Success;
    }
}
