using HstFederation.Node.Search;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Commands;

/// <summary>`search`: finds documents, phones, e-mails, names … in this NCB's messages (both boxes). Audited.</summary>
internal sealed class SearchCommand : INodeCommand
{
    private static readonly IReadOnlyDictionary<string, SearchKind> KindOptions = new Dictionary<string, SearchKind>(StringComparer.Ordinal)
    {
        ["--document"] = SearchKind.Document,
        ["--phone"] = SearchKind.Phone,
        ["--email"] = SearchKind.Email,
        ["--name"] = SearchKind.Name,
        ["--organisation"] = SearchKind.Organisation,
        ["--handle"] = SearchKind.Handle,
        ["--vehicle"] = SearchKind.Vehicle,
        ["--vessel"] = SearchKind.Vessel,
        ["--financial"] = SearchKind.Financial,
        ["--reference"] = SearchKind.Reference,
        ["--text"] = SearchKind.Text,
        ["--any"] = SearchKind.Any,
    };

    private const string BoxOption = "--box";
    private const string RegionOption = "--phone-region";
    private const string LimitOption = "--limit";

    public string Name => "search";

    public string Summary => "Find a document, phone, e-mail, name, organisation … in sent and received messages.";

    public string Help => """
        Usage: hst-node search (--document X | --phone X | --email X | --name X | --organisation X | --handle X |
                                --vehicle X | --vessel X | --financial X | --reference X | --text X | --any X)
                               [--box inbox|outbox] [--phone-region CC] [--limit N] [--json]

        Searches the node's entity index over both boxes and lists every field that matched: the message,
        where it came from or went, the field's path, the value as written, and the case. Matching is
        forgiving where it is safe: document numbers ignore case, spaces, dashes, dots and slashes;
        phones match in international or national form (--phone-region gives the country of a national
        number; the default is this node's); e-mails ignore case; names and organisations match every
        word you give, in any order, as a prefix, with diacritics folded ("muller" finds "Müller").
        What you type is never interpreted as query syntax. docs/node-search.md has the details.
        Every search is written to the audit log with the operator and the search text.

        Options:
          --box BOX          only the inbox or only the outbox
          --phone-region CC  the country of a phone number written in national form (ISO 3166-1 alpha-2,
                             e.g. FR; default this node's)
          --limit N          at most N hits (default 100, at most 1000)

        Example:
          $ hst-node search --config node.json --document "YB 123-456"
          BOX    ID  MESSAGE ID                            FROM/TO  KIND      VALUE       FIELD                          CASE
          inbox  7   0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b  FR       document  YB123456    persons[0].documents[0].number  FR-2026-0141 Boat departures
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>(KindOptions.Keys) { BoxOption, RegionOption, LimitOption };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        arguments.ExpectPositionals();
        var given = KindOptions.Where(k => arguments.Optional(k.Key) is not null).ToList();
        if (given.Count != 1)
        {
            throw new CommandUsageException(given.Count == 0
                ? "say what to search for, e.g. --document X, --phone X, --name X or --any X."
                : $"give one of {string.Join(", ", given.Select(g => g.Key))}, not several.");
        }

        var (option, kind) = given[0];
        // Every option is read before the settings (OwnCountry's credentials, the store): reading them refuses any other.
        var limit = arguments.PositiveInt(LimitOption, 100, EntityQuery.MaxLimit);
        var region = arguments.Optional(RegionOption)?.ToUpperInvariant();
        var box = arguments.Optional(BoxOption)?.ToLowerInvariant() switch
        {
            null => (MessageBox?)null,
            "inbox" => MessageBox.Inbox,
            "outbox" => MessageBox.Outbox,
            var other => throw new CommandUsageException($"{BoxOption} is inbox or outbox, not '{other}'."),
        };
        var options = context.StoreSettings();
        var query = new EntityQuery(kind, arguments.Optional(option)!)
        {
            Limit = limit,
            PhoneRegion = region ?? OwnCountry(context),
            Box = box,
        };
        try
        {
            query.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CommandUsageException(e.Message);
        }

        await using var store = context.OpenStore(options);
        var hits = await store.SearchAsync(query, CommandContext.Actor, cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new
            {
                Hits = hits.Select(h => new
                {
                    Box = h.Box.ToString().ToLowerInvariant(), h.LocalId, MessageId = MessageIds.Format(h.MessageId),
                    Sender = h.Sender is null ? null : Display.Party(h.Sender), Addressees = h.Addressees.Select(Display.Party),
                    Kind = h.Kind.ToStorage(), Value = h.Display, h.Qualifier, Field = h.Path, h.CaseReference, h.CaseTitle,
                    Handling = h.Handling?.ToString(), At = DateTimeOffset.FromUnixTimeMilliseconds(h.AtMs),
                }),
            });
            return NodeCommandLine.Success;
        }

        if (hits.Count == 0)
        {
            context.Out.WriteLine("No match.");
            return NodeCommandLine.Success;
        }

        var table = new TextTable("BOX", "ID", "MESSAGE ID", "FROM/TO", "KIND", "VALUE", "FIELD", "CASE");
        foreach (var hit in hits)
        {
            table.Add(
                hit.Box.ToString().ToLowerInvariant(), hit.LocalId.ToString(System.Globalization.CultureInfo.InvariantCulture), MessageIds.Format(hit.MessageId),
                hit.Sender is { } sender ? Display.Party(sender) : string.Join(",", hit.Addressees.Select(Display.Party)),
                hit.Kind.ToStorage(), hit.Display + (hit.Qualifier is { } q ? $" ({q})" : string.Empty), hit.Path,
                string.Join(" ", new[] { hit.CaseReference, hit.CaseTitle }.Where(s => !string.IsNullOrEmpty(s))));
        }

        table.WriteTo(context.Out);
        if (hits.Count == query.Limit)
        {
            context.Out.WriteLine($"(the first {query.Limit} hits; narrow the search or raise --limit)");
        }

        return NodeCommandLine.Success;
    }

    /// <summary>This NCB's country, from its credentials when they are configured: the region of national-form phone numbers.</summary>
    private static string? OwnCountry(CommandContext context)
    {
        try
        {
            var party = context.Identity().Credentials.Party.Party;
            return party.IsHub ? null : party.Code;
        }
        catch (Exception e) when (e is Hosting.NodeConfigurationException or Protocol.Pki.CredentialException)
        {
            return null;
        }
    }
}
