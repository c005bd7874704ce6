using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;

namespace HstFederation.Hub.Commands;

/// <summary>`regions`: list, `regions define NAME --members FR,DE`, `regions delete NAME`.</summary>
internal sealed class RegionsCommand : IHubCommand
{
    private const string MembersOption = "--members";

    public string Name => "regions";

    public string Summary => "List regions (named groups of members), or define / delete one.";

    public string Help => """
        Usage: hst-hub regions [list] [--json]
               hst-hub regions define <NAME> --members FR,DE,IT [--json]
               hst-hub regions delete <NAME> [--json]

        Regions are named groups of members published in the signed directory (an addressing shorthand for
        nodes). 'define' sets a region to exactly the given members (creating or replacing it, and printing
        what it replaced: the old and new members, added and removed); members need not be enrolled yet
        (a warning names those that are not). 'delete' removes it. Changes are
        audited and reach the running hub within Hub:RegistryRefresh. Needs Hub:DatabasePath only.
        NAME: ASCII letters, digits, '_' or '-', at most 64 characters.

        Example:
          $ hst-hub regions define schengen --members FR,DE,IT,ES
          Region schengen: DE, ES, FR, IT (new)
          $ hst-hub regions define schengen --members FR,DE,IT,PT
          Region schengen: DE, ES, FR, IT -> DE, FR, IT, PT (added: PT; removed: ES)
          $ hst-hub regions
          REGION    MEMBERS
          schengen  DE, FR, IT, PT
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { MembersOption };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        var action = arguments.Positionals.Count == 0 ? "list" : arguments.Positionals[0];
        if (action != "define" && arguments.Optional(MembersOption) is not null)
        {
            throw new CommandUsageException($"{MembersOption} only applies to 'regions define'.");
        }

        switch (action)
        {
            case "list":
                arguments.ExpectPositionals(arguments.Positionals.Count == 0 ? [] : ["list"]);
                await using (var store = Open(context))
                {
                    Report(context, await store.ListRegionsAsync(cancellationToken));
                }

                return HubCommandLine.Success;
            case "define":
                arguments.ExpectPositionals("define", "<NAME>");
                return await DefineAsync(context, RegionName(arguments.Positionals[1]), cancellationToken);
            case "delete":
                arguments.ExpectPositionals("delete", "<NAME>");
                return await DeleteAsync(context, RegionName(arguments.Positionals[1]), cancellationToken);
            default:
                throw new CommandUsageException($"unknown regions action '{action}' (list, define or delete).");
        }
    }

    private static async Task<int> DefineAsync(CommandContext context, string name, CancellationToken cancellationToken)
    {
        var members = MemberCodes.ParseList(context.Arguments.Required(MembersOption), MembersOption);
        await using var store = Open(context);
        var enrolled = (await store.ListMembersAsync(cancellationToken)).Select(member => member.Party).ToHashSet();
        var notEnrolled = members.Where(member => !enrolled.Contains(member)).Select(member => member.Code).ToList();
        var previous = (await store.ListRegionsAsync(cancellationToken)).SingleOrDefault(r => r.Name == name);
        await store.DefineRegionAsync(name, members, CommandContext.Actor, cancellationToken);
        var region = (await store.ListRegionsAsync(cancellationToken)).Single(r => r.Name == name);

        // 'define' replaces a region whole: say what it replaced, so a list typed short is seen at once.
        var added = region.Members.Except(previous?.Members ?? []).Select(member => member.Code).ToList();
        var removed = (previous?.Members ?? []).Except(region.Members).Select(member => member.Code).ToList();
        if (context.Json)
        {
            context.WriteJson(new { Defined = Json(region), Previous = previous is null ? null : Json(previous), Added = added, Removed = removed, NotEnrolled = notEnrolled });
            return HubCommandLine.Success;
        }

        context.Out.WriteLine(previous switch
        {
            null => $"Region {name}: {Codes(region)} (new)",
            _ when added.Count == 0 && removed.Count == 0 => $"Region {name}: {Codes(region)} (unchanged)",
            _ => $"Region {name}: {Codes(previous)} -> {Codes(region)} (added: {List(added)}; removed: {List(removed)})",
        });
        if (notEnrolled.Count > 0)
        {
            context.Error.WriteLine($"warning: not enrolled (yet): {string.Join(", ", notEnrolled)}");
        }

        return HubCommandLine.Success;
    }

    private static async Task<int> DeleteAsync(CommandContext context, string name, CancellationToken cancellationToken)
    {
        await using var store = Open(context);
        var region = (await store.ListRegionsAsync(cancellationToken)).SingleOrDefault(r => r.Name == name)
            ?? throw new CommandFailedException($"there is no region '{name}' ('hst-hub regions' lists them).");

        await store.DefineRegionAsync(name, [], CommandContext.Actor, cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new { Deleted = name, Previous = Json(region) });
        }
        else
        {
            context.Out.WriteLine($"Region {name} deleted (it had {Codes(region)}).");
        }

        return HubCommandLine.Success;
    }

    private static void Report(CommandContext context, IReadOnlyList<RegionRecord> regions)
    {
        if (context.Json)
        {
            context.WriteJson(new { Regions = regions.Select(Json) });
            return;
        }

        if (regions.Count == 0)
        {
            context.Out.WriteLine("No regions defined (hst-hub regions define NAME --members FR,DE).");
            return;
        }

        var table = new TextTable("REGION", "MEMBERS");
        foreach (var region in regions)
        {
            table.Add(region.Name, Codes(region));
        }

        table.WriteTo(context.Out);
    }

    private static HubStore Open(CommandContext context) => context.OpenStore(context.Settings(nameof(HubOptions.DatabasePath)));

    private static object Json(RegionRecord region) => new { region.Name, Members = region.Members.Select(member => member.Code) };

    private static string Codes(RegionRecord region) => string.Join(", ", region.Members.Select(member => member.Code));

    private static string List(List<string> codes) => codes.Count == 0 ? "none" : string.Join(", ", codes);

    // The same rule the envelope layer applies to region names in signed handling (docs/protocol.md §4).
    private static string RegionName(string name) =>
        HandlingPolicy.IsValidRegionName(name) ? name : throw new CommandUsageException($"'{name}' is not a region name (1-64 letters, digits, '_', '-').");
}
