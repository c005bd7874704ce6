using System.Globalization;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Commands;

/// <summary>`inbox`: verified, decrypted messages this NCB received, newest first.</summary>
internal sealed class InboxCommand : INodeCommand
{
    private const string FromOption = "--from";

    public string Name => "inbox";

    public string Summary => "Messages this NCB received (verified and decrypted), newest first.";

    public string Help => $"""
        Usage: hst-node inbox [--from CC] [--limit N] [--before ID] [--since DATE] [--json]

        Lists the inbox newest first: local id, message id, sender, when it was stored, the sender's
        sequence number, forwards (hub forwards that widened the audience), handling, case reference and
        title, and its version (an update's number; "1 superseded" when a newer version of the case is
        held). A message purged by its source's recall or restriction, or at its retention date, is no
        longer listed: 'hst-node show <message id>' shows its tombstone. Every message listed passed verification (signature, certificates, addressing, handling,
        key commitment) before it was stored; deliveries that failed are in 'hst-node quarantine'.
        'hst-node show <message id>' shows one message in full.

        Options:
          --from CC          only messages from this member (ISO 3166-1 alpha-2)
        {ListOptions.Help}
        Example:
          $ hst-node inbox --config node.json --from FR
          ID  MESSAGE ID                            FROM  RECEIVED              SEQ  FWD  VER  HANDLING  CASE
          7   0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b  FR    2026-11-29 10:01:57Z  1    0    1    H2        FR-2026-0141 Boat departures from Zuwara
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { FromOption, ListOptions.Limit, ListOptions.Before, ListOptions.Since };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        arguments.ExpectPositionals();
        var query = new InboxQuery
        {
            Limit = arguments.PositiveInt(ListOptions.Limit, 50, InboxQuery.MaxLimit),
            BeforeLocalId = ListOptions.BeforeLocalId(arguments),
            ReceivedSinceMs = ListOptions.SinceMs(arguments),
            Sender = arguments.Optional(FromOption) is { } from ? Sender(from) : null,
        };
        await using var store = context.OpenStore(context.StoreSettings());
        var page = await store.ListInboxAsync(query, cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new
            {
                Messages = page.Items.Select(m => new
                {
                    m.LocalId, MessageId = MessageIds.Format(m.MessageId), Sender = Display.Party(m.Sender), m.Sequence, m.Forwards,
                    ReceivedAt = StoredTime.Of(m.ReceivedAtMs), Handling = m.Summary.Handling?.ToString(),
                    m.Version, SupersededBy = m.SupersededBy is { } newer ? MessageIds.Format(newer) : null,
                    m.Summary.CaseReference, m.Summary.CaseTitle, CrimeTypes = m.Summary.CrimeTypes.Select(c => c.ToString()),
                }),
                NextBefore = page.NextBeforeLocalId,
            });
            return NodeCommandLine.Success;
        }

        if (page.Items.Count == 0)
        {
            context.Out.WriteLine("The inbox holds no message that fits.");
            return NodeCommandLine.Success;
        }

        var table = new TextTable("ID", "MESSAGE ID", "FROM", "RECEIVED", "SEQ", "FWD", "VER", "HANDLING", "CASE");
        foreach (var m in page.Items)
        {
            table.Add(
                m.LocalId.ToString(CultureInfo.InvariantCulture), MessageIds.Format(m.MessageId), Display.Party(m.Sender), Display.Time(m.ReceivedAtMs),
                m.Sequence.ToString(CultureInfo.InvariantCulture), m.Forwards.ToString(CultureInfo.InvariantCulture), Display.Version(m.Version, m.SupersededBy), Display.Handling(m.Summary.Handling),
                Display.Case(m.Summary));
        }

        table.WriteTo(context.Out);
        ListOptions.WriteNextPage(context, Name, page.NextBeforeLocalId);
        return NodeCommandLine.Success;
    }

    private static string Sender(string code)
    {
        var upper = code.Trim().ToUpperInvariant();
        return CountryCodes.IsAssigned(upper)
            ? PartyId.Member(upper).Uri
            : throw new CommandUsageException($"{FromOption} takes a member's ISO 3166-1 alpha-2 code such as FR, not '{code}'.");
    }
}
