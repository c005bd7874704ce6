using System.Globalization;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Commands;

/// <summary>
/// `quarantine [list] [--all]`: deliveries that failed verification, and alarms, with their reasons;
/// `quarantine resolve --delivery N | --alarm N --note TEXT`: one resolved once looked into (<see cref="OperatorResolutions"/>).
/// </summary>
internal sealed class QuarantineCommand : INodeCommand
{
    private const string DeliveryOption = "--delivery";
    private const string AlarmOption = "--alarm";
    private const string NoteOption = "--note";
    private const string AllFlag = "--all";

    public string Name => "quarantine";

    public string Summary => "Deliveries refused on verification (with reasons) and per-sender sequence alarms; resolve one once looked into.";

    public string Help => $$"""
        Usage: hst-node quarantine [list] [--all] [--config FILE] [--json]
               hst-node quarantine resolve (--delivery N | --alarm N) --note TEXT [--config FILE] [--json]

        Lists every delivery the node refused to store as valid — bad signature, wrong key, not addressed
        to this NCB, revoked sender, tampered forward record — with the reason code and detail, and every
        per-sender sequence alarm (a gap or step back in a sender's numbering: a message may be missing or
        replayed), and every withdrawal-mismatch (the hub withdrew a message naming a header other than the
        copy this node holds: nothing was purged). A gap the hub explained by withdrawing the missing
        messages is resolved and no longer listed (the audit keeps it). Quarantined deliveries are kept as
        received for investigation; they are never shown as messages. Report them to the hub operator with
        their time and reason.

        Each open one makes 'hst-node status' exit 1. Once one is looked into (reported to the hub operator,
        explained by the sender), resolve it: it is kept as it is, with when, by whom and your note, and no
        longer counts nor is listed ('--all' lists the resolved ones too, with their resolution). Resolving
        changes nothing else: the delivery is not stored as a message, a gap's numbers stay missing.

          --all             also list the resolved ones
          --delivery N      resolve quarantined delivery #N (the first table's #)
          --alarm N         resolve alarm #N (the second table's #)
          --note TEXT       why it is resolved, 1 to {{OperatorResolutions.MaxNoteLength}} characters (required;
                            kept in the audit log); never case content

        Exit codes: 0 listed or resolved; 1 no such delivery or alarm, or resolved already; 2 bad arguments.

        Example:
          $ hst-node quarantine --config node.json
          Quarantined deliveries: 1
          #  AT                    REASON                  DETAIL
          1  2026-11-29 10:02:11Z  KeyCommitmentMismatch  the content key does not match the header's commitment
          Sequence alarms: none
          $ hst-node quarantine resolve --delivery 1 --note "IT NCB re-sent it (ticket 4411)" --config node.json
          Resolved quarantined delivery #1 (KeyCommitmentMismatch): no longer counted by 'status'.
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { DeliveryOption, AlarmOption, NoteOption };

    public IReadOnlySet<string> Flags { get; } = new HashSet<string> { AllFlag };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var positionals = context.Arguments.Positionals;
        switch (positionals.Count > 0 ? positionals[0] : null)
        {
            case "resolve":
                context.Arguments.ExpectPositionals("resolve");
                return await ResolveAsync(context, cancellationToken);
            case "list":
                context.Arguments.ExpectPositionals("list");
                return await ListAsync(context, cancellationToken);
            default:
                context.Arguments.ExpectPositionals();
                return await ListAsync(context, cancellationToken);
        }
    }

    private static async Task<int> ResolveAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var delivery = Id(context, DeliveryOption);
        var alarm = Id(context, AlarmOption);
        if ((delivery is null) == (alarm is null))
        {
            throw new CommandUsageException($"give one of {DeliveryOption} N or {AlarmOption} N.");
        }

        var note = Note(context);
        var (kind, id) = delivery is { } d ? (ResolvedKind.Delivery, d) : (ResolvedKind.Alarm, alarm!.Value);
        var what = kind == ResolvedKind.Delivery ? "quarantined delivery" : "alarm";
        await using var store = context.OpenStore(context.StoreSettings());
        (Resolution Resolution, string Label) resolved;
        try
        {
            resolved = await store.ResolveAsync(kind, id, CommandContext.Actor, note, cancellationToken);
        }
        catch (ResolveRefusedException e)
        {
            throw new CommandFailedException($"cannot resolve {what} #{Number(id)}: {e.Message}", e);
        }

        if (context.Json)
        {
            // Label: the delivery's reason code, or the alarm's kind.
            context.WriteJson(new { Resolved = kind == ResolvedKind.Delivery ? "delivery" : "alarm", Id = id, resolved.Label, Resolution = Json(resolved.Resolution) });
        }
        else
        {
            context.Out.WriteLine($"Resolved {what} #{Number(id)} ({resolved.Label}): no longer counted by 'status'.");
        }

        return NodeCommandLine.Success;
    }

    private static async Task<int> ListAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var all = context.Arguments.Flag(AllFlag) ?? false;
        await using var store = context.OpenStore(context.StoreSettings());
        var quarantined = await store.QuarantinedAsync(all, cancellationToken);
        var alarms = await store.AlarmsAsync(all, cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new
            {
                Quarantined = quarantined.Select(q => new
                {
                    q.Id, At = DateTimeOffset.FromUnixTimeMilliseconds(q.QuarantinedAtMs), q.Reason, q.Detail, Bytes = q.Envelope.Length, Resolution = Json(q.Resolved),
                }),
                Alarms = alarms.Select(a => new
                {
                    a.Id, At = DateTimeOffset.FromUnixTimeMilliseconds(a.RaisedAtMs), a.Kind, a.Sender, a.Expected, a.Received,
                    MessageId = a.MessageId is null ? null : MessageIds.Format(a.MessageId), Resolution = Json(a.Resolved),
                }),
            });
            return NodeCommandLine.Success;
        }

        // Without --all, as before resolutions existed: what is listed is what is open.
        var heading = all ? " (open and resolved)" : string.Empty;
        context.Out.WriteLine($"Quarantined deliveries{heading}: {quarantined.Count}");
        if (quarantined.Count > 0)
        {
            var table = all ? new TextTable("#", "AT", "REASON", "DETAIL", "RESOLVED", "BY", "NOTE") : new TextTable("#", "AT", "REASON", "DETAIL");
            foreach (var entry in quarantined)
            {
                string[] cells = [Number(entry.Id), Display.Time(entry.QuarantinedAtMs), entry.Reason, entry.Detail];
                table.Add(all ? [.. cells, .. Resolved(entry.Resolved)] : cells);
            }

            table.WriteTo(context.Out);
        }

        context.Out.WriteLine(alarms.Count == 0 ? "Sequence alarms: none" : $"Sequence alarms{heading}: {alarms.Count}");
        if (alarms.Count > 0)
        {
            var table = all
                ? new TextTable("#", "AT", "KIND", "SENDER", "EXPECTED", "RECEIVED", "MESSAGE", "RESOLVED", "BY", "NOTE")
                : new TextTable("#", "AT", "KIND", "SENDER", "EXPECTED", "RECEIVED", "MESSAGE");
            foreach (var alarm in alarms)
            {
                string[] cells =
                [
                    Number(alarm.Id), Display.Time(alarm.RaisedAtMs), alarm.Kind, Display.Party(alarm.Sender), Number(alarm.Expected), Number(alarm.Received),
                    alarm.MessageId is null ? "-" : MessageIds.Format(alarm.MessageId),
                ];
                table.Add(all ? [.. cells, .. Resolved(alarm.Resolved)] : cells);
            }

            table.WriteTo(context.Out);
        }

        return NodeCommandLine.Success;
    }

    /// <summary>
    /// The note, trimmed, 1 to <see cref="OperatorResolutions.MaxNoteLength"/> characters of plain text: it is kept in the
    /// audit log and printed back (a refusal quotes it), so a control or format character could rewrite an operator's terminal.
    /// </summary>
    private static string Note(CommandContext context)
    {
        var note = context.Arguments.Required(NoteOption).Trim();
        if (note.Length == 0)
        {
            throw new CommandUsageException($"{NoteOption} must not be empty.");
        }

        if (note.Length > OperatorResolutions.MaxNoteLength)
        {
            throw new CommandUsageException($"{NoteOption} is {note.Length} characters; at most {OperatorResolutions.MaxNoteLength}.");
        }

        return note.EnumerateRunes().Any(Display.RewritesTerminal)
            ? throw new CommandUsageException($"{NoteOption} must be plain text on one line: no control or formatting characters.")
            : note;
    }

    private static long? Id(CommandContext context, string option)
    {
        var text = context.Arguments.Optional(option);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= 1
            ? id
            : throw new CommandUsageException($"{option} takes the # of 'hst-node quarantine' (a whole number from 1), not '{text}'.");
    }

    /// <summary>The RESOLVED, BY and NOTE cells (a cell holds 60 characters; --json has the whole note).</summary>
    private static string[] Resolved(Resolution? resolution) =>
        resolution is null ? ["open", "-", "-"] : [Display.Time(resolution.AtMs), resolution.By, resolution.Note ?? "-"];

    private static object? Json(Resolution? resolution) =>
        resolution is null ? null : new { At = DateTimeOffset.FromUnixTimeMilliseconds(resolution.AtMs), resolution.By, resolution.Note };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
