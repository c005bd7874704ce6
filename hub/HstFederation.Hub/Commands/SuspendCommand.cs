using HstFederation.Hub.Hosting;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>`suspend CC`: the member may no longer submit, subscribe or acknowledge (it may still read the directory).</summary>
internal sealed class SuspendCommand : IHubCommand
{
    public string Name => "suspend";

    public string Summary => "Suspend a member: it can no longer submit, receive or acknowledge.";

    public string Help => """
        Usage: hst-hub suspend <CC> [--json]

        Sets an enrolled member's status to Suspended (audited). The running hub refuses its Submit,
        Subscribe and Acknowledge calls within Hub:RegistryRefresh; GetDirectory still answers so the node
        learns it is suspended. Messages addressed to it wait in its queue. Undo with 'reinstate'.
        A revoked member cannot be suspended. Needs Hub:DatabasePath only.

        Example:
          $ hst-hub suspend IT
          urn:hst:member:IT: Active -> Suspended
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals("<CC>");
        var member = MemberCodes.Parse(context.Arguments.Positionals[0]);
        await using var store = context.OpenStore(context.Settings(nameof(HubOptions.DatabasePath)));
        var before = await MemberStatusChange.ApplyAsync(store, member, MemberStatus.Suspended, cancellationToken);
        MemberStatusChange.Report(context, member, before, MemberStatus.Suspended);
        return HubCommandLine.Success;
    }
}
