using HstFederation.Hub.Hosting;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>`reinstate CC`: a suspended member becomes active again.</summary>
internal sealed class ReinstateCommand : IHubCommand
{
    public string Name => "reinstate";

    public string Summary => "Reinstate a suspended member (Active again).";

    public string Help => """
        Usage: hst-hub reinstate <CC> [--json]

        Sets a suspended member's status back to Active (audited); the running hub accepts its calls again
        within Hub:RegistryRefresh and it receives what waited in its queue. A revoked member cannot be
        reinstated: enrol it again with new certificates. Needs Hub:DatabasePath only.

        Example:
          $ hst-hub reinstate IT
          urn:hst:member:IT: Suspended -> Active
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals("<CC>");
        var member = MemberCodes.Parse(context.Arguments.Positionals[0]);
        await using var store = context.OpenStore(context.Settings(nameof(HubOptions.DatabasePath)));
        var before = await MemberStatusChange.ApplyAsync(store, member, MemberStatus.Active, cancellationToken);
        MemberStatusChange.Report(context, member, before, MemberStatus.Active);
        return HubCommandLine.Success;
    }
}
