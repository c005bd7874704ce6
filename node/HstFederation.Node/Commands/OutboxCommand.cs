using System.Globalization;
using HstFederation.Node.Hosting;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Commands;

/// <summary>`outbox`: what this NCB sent, newest first, with state, receipts and refusal reasons.</summary>
internal sealed class OutboxCommand : INodeCommand
{
    private const string StateOption = "--state";

    public string Name => "outbox";

    public string Summary => "What this NCB sent: queued, accepted (delivered to n of m) or rejected with the reason.";

    public string Help => $"""
        Usage: hst-node outbox [--state queued|accepted|rejected] [--limit N] [--before ID] [--since DATE] [--json]

        Lists the outbox newest first: local id, message id, when it was queued, its state (queued: not yet
        accepted by the hub; accepted: the hub's signed receipt is kept; rejected: refused, with the reason),
        which addressees have returned a signed delivery receipt, its version ('hst-node update'; "1
        superseded" once a newer version is queued), and the case reference and title. A copy purged at its
        retention date is no longer listed ('hst-node show <message id>' shows its tombstone).
        'hst-node show <message id>' shows one message in full. When the settings name this NCB's credentials
        and the CRL revokes them (or is stale), a line after the list says what becomes of the queued messages:
        kept queued; revoked, they cannot be sent until this NCB has new certificates, enrolled again at the hub
        ('hst-node cancel' stops one that must not wait).

        Options:
          --state STATE      only queued, accepted or rejected messages
        {ListOptions.Help}
        Example:
          $ hst-node outbox --config node.json --limit 2
          ID  MESSAGE ID                            QUEUED                STATE     DELIVERED  TO     VER  HANDLING  CASE
          2   0193a5c2-8f10-7c3e-9a2b-3c4d5e6f7a8b  2026-11-29 10:04:12Z  rejected  -          ES     1    H1        FR-2026-0142 (RecipientNotActive)
          1   0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b  2026-11-29 10:01:55Z  accepted  2/2        DE,IT  1    H2        FR-2026-0141 Boat departures from Zuwara
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { StateOption, ListOptions.Limit, ListOptions.Before, ListOptions.Since };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        arguments.ExpectPositionals();
        var query = new OutboxQuery
        {
            Limit = arguments.PositiveInt(ListOptions.Limit, 50, OutboxQuery.MaxLimit),
            BeforeLocalId = ListOptions.BeforeLocalId(arguments),
            CreatedSinceMs = ListOptions.SinceMs(arguments),
            State = arguments.Optional(StateOption)?.ToLowerInvariant() switch
            {
                null => null,
                "queued" => OutboxState.Queued,
                "accepted" => OutboxState.Accepted,
                "rejected" => OutboxState.Rejected,
                var other => throw new CommandUsageException($"{StateOption} is queued, accepted or rejected, not '{other}'."),
            },
        };
        var options = context.StoreSettings();
        await using var store = context.OpenStore(options);
        var page = await store.ListOutboxAsync(query, cancellationToken);
        // All the queued messages, not the page's: a listing of accepted ones (or a short page) would otherwise say none wait.
        var refusal = Refusal(options, context.Time);
        var blocked = refusal is null ? null : StatusCommand.QueuedBlocked(refusal, (await store.StatusAsync(cancellationToken)).Queued);
        if (context.Json)
        {
            context.WriteJson(new
            {
                Messages = page.Items.Select(m => new
                {
                    m.LocalId, MessageId = MessageIds.Format(m.MessageId), m.Sequence, m.Actor, QueuedAt = DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAtMs),
                    State = m.State.ToString().ToLowerInvariant(), StateAt = DateTimeOffset.FromUnixTimeMilliseconds(m.StateAtMs), m.RejectReason,
                    Addressees = m.Addressees.Select(Display.Party), DeliveredTo = m.DeliveredTo.Select(Display.Party),
                    Handling = m.Summary.Handling?.ToString(), m.Version, SupersededBy = m.SupersededBy is { } newer ? MessageIds.Format(newer) : null,
                    m.Summary.CaseReference, m.Summary.CaseTitle,
                    CrimeTypes = m.Summary.CrimeTypes.Select(c => c.ToString()),
                }),
                NextBefore = page.NextBeforeLocalId,
                QueuedBlocked = blocked,
            });
            return NodeCommandLine.Success;
        }

        if (page.Items.Count == 0)
        {
            context.Out.WriteLine("The outbox holds no message that fits.");
            return NodeCommandLine.Success;
        }

        var table = new TextTable("ID", "MESSAGE ID", "QUEUED", "STATE", "DELIVERED", "TO", "VER", "HANDLING", "CASE");
        foreach (var m in page.Items)
        {
            table.Add(
                m.LocalId.ToString(CultureInfo.InvariantCulture), MessageIds.Format(m.MessageId), Display.Time(m.CreatedAtMs), m.State.ToString().ToLowerInvariant(),
                m.State == OutboxState.Accepted ? Delivered(m) : "-",
                string.Join(",", m.Addressees.Select(Display.Party)), Display.Version(m.Version, m.SupersededBy), Display.Handling(m.Summary.Handling),
                Display.Case(m.Summary) + (m.RejectReason is { } reason ? $" ({reason})" : string.Empty));
        }

        table.WriteTo(context.Out);
        if (blocked is not null)
        {
            context.Out.WriteLine(Display.Safe(char.ToUpperInvariant(blocked[0]) + blocked[1..]) + ".");
        }

        ListOptions.WriteNextPage(context, Name, page.NextBeforeLocalId);
        return NodeCommandLine.Success;
    }

    /// <summary>
    /// Why this NCB's credentials cannot send now (the CRL stale, this NCB revoked), when the settings name them: a node
    /// stopped while it was revoked keeps its queued messages queued (serve cannot start to refuse them), and the list alone
    /// would show them waiting as in any outage. Null when they can, or are not configured or not readable: the outbox is
    /// listed all the same, and `status` names any other problem with them.
    /// </summary>
    private static CredentialsRefusal? Refusal(NodeOptions options, TimeProvider time)
    {
        if (string.IsNullOrEmpty(options.CredentialsDirectory) || string.IsNullOrEmpty(options.RootCertificatePath) || string.IsNullOrEmpty(options.RevocationListPath))
        {
            return null;
        }

        try
        {
            return HeldCredentials.Load(options, time).Refusal;
        }
        catch (NodeConfigurationException)
        {
            return null;
        }
    }

    /// <summary>
    /// "1/2": addressees whose signed delivery receipt is kept, of the addressees. A member the hub forwarded the message
    /// to (a release) sends a receipt too: counted apart ("1/1 +1 forwarded"), never as an addressee ("2/1").
    /// </summary>
    private static string Delivered(OutboxListItem m)
    {
        var addressees = m.DeliveredTo.Count(m.Addressees.Contains);
        var forwarded = m.DeliveredTo.Count - addressees;
        return $"{addressees}/{m.Addressees.Count}" + (forwarded == 0 ? string.Empty : $" +{forwarded} forwarded");
    }
}
