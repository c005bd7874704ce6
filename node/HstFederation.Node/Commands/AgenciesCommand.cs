using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>
/// `agencies add | list | scope | disable | enable`: the agency scope table; `block-certificate | unblock-certificate |
/// certificates`: single certificates cut off (<see cref="AgencyCertificateActions"/>). Every change is audited.
/// </summary>
internal sealed class AgenciesCommand : INodeCommand
{
    private const string NameOption = "--name";
    private const string IdentityOption = "--identity";
    private const string SubmitOption = "--submit";
    private const string SearchOption = "--search";
    private const string HandlingOption = "--handling";
    private const string CrimeTypesOption = "--crime-types";
    private const string ReleaseOption = "--release";
    private const string Actions = "list, add, scope, disable, enable, block-certificate, unblock-certificate or certificates";

    public string Name => "agencies";

    public string Summary => "The national agencies allowed on the agency API, their scopes and blocked certificates (add, list, scope, disable, enable, block-certificate, ...).";

    public string Help => $"""
        Usage: hst-node agencies list [--json]
               hst-node agencies add <id> --name "DISPLAY NAME" [--identity urn:hst:agency:CC:name]
                                          [--submit yes|no] [--search yes|no] [--release yes|no]
                                          [--handling LIST] [--crime-types LIST]
               hst-node agencies scope <id> [--submit yes|no] [--search yes|no] [--release yes|no]
                                            [--handling LIST] [--crime-types LIST]
               hst-node agencies disable <id>
               hst-node agencies enable <id>
               hst-node agencies block-certificate <id> (--certificate FILE.pem | --serial HEX) [--reason TEXT]
               hst-node agencies unblock-certificate <id> (--certificate FILE.pem | --serial HEX)
               hst-node agencies certificates <id> [--json]

        The scope table decides what each agency may do on the agency API (docs/agency-api.md). Nothing is
        allowed unless granted here: a new agency may neither submit, search, release nor read. <id> is the NCB's
        short name for the agency (1-63 of a-z, 0-9 and inner '-'); its calls are audited as agency:<id>.
        --identity is the URI its certificates carry (default urn:hst:agency:<this NCB's country>:<id>).

        Scope options ('scope' changes only the options given):
          --submit yes|no      may submit messages through the NCB
          --search yes|no      may search the NCB's messages
          --release yes|no     may release the NCB's messages to the other source of a hit (ReleaseHit):
                               the hub then forwards the whole message; grant it only to whoever may
                               decide that for the NCB. Only hits on messages it may see.
          --handling LIST      handling codes it may read: all, none, or e.g. H0,H1
          --crime-types LIST   crime types it may read: all, none, or a list of
                               {string.Join(", ", ScopeTokens.CrimeTypeWords)}
        A message is readable when its handling code is allowed and every crime type of its case is.
        'disable' cuts an agency off at once (every call refused, streams end); 'enable' restores it.

        Blocking one certificate (lost, stolen) leaves the agency's other certificates working: a new
        connection with it is refused at the TLS handshake, a call on a connection already open from the next
        one on (CERTIFICATE_BLOCKED; a WatchInbox stream ends at its next batch). A block names the certificate
        by its serial number, which the national CA signed; never by a hash of the file, which the holder can
        change (an ECDSA signature has more than one valid encoding).
          --certificate FILE   the certificate (PEM or DER); it must carry the agency's identity URI
          --serial HEX         or its serial number, for one the NCB no longer holds: hex digits, colons or
                               spaces allowed (openssl x509 -noout -serial -in FILE; 'serial=…' accepted)
          --reason TEXT        why, kept with the block and in the audit log
        'unblock-certificate' lifts the block; 'certificates' lists an agency's blocked certificates, and
        'list' counts them (BLOCKED).

        Example:
          $ hst-node agencies add border-police --name "Police aux frontières" --submit yes --handling H0,H1 --crime-types migrant-smuggling
          Added border-police (urn:hst:agency:FR:border-police): submit=yes search=no handling=H0,H1 crime_types=migrant-smuggling release=no
          $ hst-node agencies block-certificate border-police --certificate laptop-7.crt.pem --reason "laptop stolen"
          Blocked certificate serial 5BE9B59C9EA880D12E3187D6085803A115A702E8 of border-police: new connections with it are refused at the handshake and calls on open ones with CERTIFICATE_BLOCKED; the agency's other certificates keep working.
          subject     CN=urn:hst:agency:FR:border-police
          sha256      8edf15fc758faab195fe684cff785c26963ffd09d4a4b8c3ec59e34239beadaa
          valid until 2027-11-30 21:20:10Z
          reason      laptop stolen
        """;

    public IReadOnlySet<string> ValueOptions { get; } =
        new HashSet<string>
        {
            NameOption, IdentityOption, SubmitOption, SearchOption, HandlingOption, CrimeTypesOption, ReleaseOption,
            AgencyCertificateActions.CertificateOption, AgencyCertificateActions.SerialOption, AgencyCertificateActions.ReasonOption,
        };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        var positionals = arguments.Positionals;
        var action = positionals.Count > 0 ? positionals[0] : throw new CommandUsageException($"say what to do: {Actions}.");
        switch (action)
        {
            case "list":
                arguments.ExpectPositionals("list");
                return await ListAsync(context, cancellationToken);
            case "block-certificate" or "unblock-certificate" or "certificates":
                arguments.ExpectPositionals(action, "<id>");
                return await AgencyCertificateActions.RunAsync(context, action, positionals[1], cancellationToken);
            case "add" or "scope" or "disable" or "enable":
                arguments.ExpectPositionals(action, "<id>");
                break;
            default:
                throw new CommandUsageException($"unknown action '{action}': use {Actions}.");
        }

        // The options of the action are read before the store is opened: opening it refuses any other (CommandContext.Settings).
        var id = positionals[1];
        var added = action == "add" ? NewAgency(context, id) : null;
        var scope = action == "scope" ? ScopeChange(arguments) : null;
        await using var store = context.OpenStore(context.StoreSettings());
        var changed = action switch
        {
            "add" => await AddAsync(store, added!, cancellationToken),
            "scope" => await store.GetAgencyAsync(id, cancellationToken) is { } current
                ? await store.SetAgencyScopeAsync(current.AgencyId, scope!(current.Scope), CommandContext.Actor, cancellationToken)
                : null,
            _ => await store.SetAgencyDisabledAsync(id, action == "disable", CommandContext.Actor, cancellationToken),
        };

        var record = changed ?? throw Unknown(id);
        if (context.Json)
        {
            context.WriteJson(Json(record, (await store.CountBlockedAgencyCertificatesAsync(cancellationToken)).GetValueOrDefault(record.AgencyId)));
        }
        else
        {
            var verb = action switch { "add" => "Added", "scope" => "Scope of", "disable" => "Disabled", _ => "Enabled" };
            context.Out.WriteLine($"{verb} {record.AgencyId} ({record.CertificateIdentity}): {record.Scope}{(record.Disabled ? " [disabled]" : string.Empty)}");
        }

        return NodeCommandLine.Success;
    }

    internal static CommandFailedException Unknown(string id) =>
        new($"no agency '{id}' is registered ('hst-node agencies list' shows them).");

    /// <summary>The agency 'add' names: every option read first, then this NCB's credentials when --identity is not given.</summary>
    private static NewAgency NewAgency(CommandContext context, string id)
    {
        var arguments = context.Arguments;
        var name = arguments.Required(NameOption);
        var uri = arguments.Optional(IdentityOption);
        var scope = ScopeChange(arguments)(AgencyScope.None);
        AgencyId identity;
        if (uri is not null)
        {
            identity = AgencyId.TryParse(uri, out var parsed)
                ? parsed
                : throw new CommandUsageException($"{IdentityOption} is urn:hst:agency:<CC>:<name>, not '{uri}'.");
        }
        else
        {
            identity = AgencyId.IsValidName(id)
                ? AgencyId.Create(context.Identity().Credentials.Party.Party.Code, id)
                : throw new CommandUsageException($"'{id}' is not an agency id: 1-63 lower-case letters, digits and inner hyphens.");
        }

        return new NewAgency(id, name, identity, scope);
    }

    private static async Task<AgencyRecord> AddAsync(NodeStore store, NewAgency agency, CancellationToken cancellationToken)
    {
        try
        {
            return await store.AddAgencyAsync(agency, CommandContext.Actor, cancellationToken);
        }
        catch (AgencyConflictException e)
        {
            throw new CommandFailedException(e.Message, e);
        }
        catch (ArgumentException e)
        {
            throw new CommandUsageException(e.Message);
        }
    }

    private static async Task<int> ListAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using var store = context.OpenStore(context.StoreSettings());
        var agencies = await store.ListAgenciesAsync(cancellationToken);
        var blocked = await store.CountBlockedAgencyCertificatesAsync(cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new { Agencies = agencies.Select(a => Json(a, blocked.GetValueOrDefault(a.AgencyId))) });
            return NodeCommandLine.Success;
        }

        if (agencies.Count == 0)
        {
            context.Out.WriteLine("No agency is registered: 'hst-node agencies add <id> --name ...' adds one.");
            return NodeCommandLine.Success;
        }

        var table = new TextTable("ID", "NAME", "CERTIFICATE IDENTITY", "SUBMIT", "SEARCH", "RELEASE", "HANDLING", "CRIME TYPES", "STATE", "BLOCKED");
        foreach (var agency in agencies)
        {
            table.Add(
                agency.AgencyId, agency.DisplayName, agency.CertificateIdentity.Uri, agency.Scope.MaySubmit ? "yes" : "no", agency.Scope.MaySearch ? "yes" : "no",
                agency.Scope.MayRelease ? "yes" : "no", ScopeTokens.Format(agency.Scope.ReadableHandling), ScopeTokens.Format(agency.Scope.ReadableCrimeTypes), agency.Disabled ? "disabled" : "enabled",
                blocked.GetValueOrDefault(agency.AgencyId).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        table.WriteTo(context.Out);
        return NodeCommandLine.Success;
    }

    /// <summary>The scope options given, read and checked now: applied to the agency's current scope (only what is given changes).</summary>
    private static Func<AgencyScope, AgencyScope> ScopeChange(CommandArguments arguments)
    {
        var submit = YesNo(arguments, SubmitOption);
        var search = YesNo(arguments, SearchOption);
        var release = YesNo(arguments, ReleaseOption);
        ScopeSet<HandlingCode>? handling;
        ScopeSet<CrimeType>? crimeTypes;
        try
        {
            handling = arguments.Optional(HandlingOption) is { } h ? ScopeTokens.ParseHandling(h) : null;
            crimeTypes = arguments.Optional(CrimeTypesOption) is { } c ? ScopeTokens.ParseCrimeTypes(c) : null;
        }
        catch (FormatException e)
        {
            throw new CommandUsageException(e.Message);
        }

        return current => new AgencyScope(
            submit ?? current.MaySubmit, search ?? current.MaySearch, handling ?? current.ReadableHandling, crimeTypes ?? current.ReadableCrimeTypes)
        {
            MayRelease = release ?? current.MayRelease,
        };
    }

    private static bool? YesNo(CommandArguments arguments, string option) => arguments.Optional(option)?.ToLowerInvariant() switch
    {
        null => null,
        "yes" => true,
        "no" => false,
        var other => throw new CommandUsageException($"{option} is yes or no, not '{other}'."),
    };

    private static object Json(AgencyRecord agency, int blockedCertificates) => new
    {
        Id = agency.AgencyId, Name = agency.DisplayName, CertificateIdentity = agency.CertificateIdentity.Uri,
        agency.Scope.MaySubmit, agency.Scope.MaySearch, agency.Scope.MayRelease,
        Handling = ScopeTokens.Format(agency.Scope.ReadableHandling), CrimeTypes = ScopeTokens.Format(agency.Scope.ReadableCrimeTypes),
        agency.Disabled, CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(agency.CreatedAtMs), UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(agency.UpdatedAtMs),
        BlockedCertificates = blockedCertificates,
    };
}
