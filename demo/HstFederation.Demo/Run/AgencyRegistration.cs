using HstFederation.Demo.Federation;
using HstFederation.Demo.Federation.Cli;

namespace HstFederation.Demo.Run;

/// <summary>
/// What an NCB operator does before an agency can call: its certificate from the national CA (dev PKI tool) and a
/// row in the node's scope table (<c>hst-node agencies</c>). A second run finds the agency and sets the same scope.
/// </summary>
internal static class AgencyRegistration
{
    public const string Id = "bka";
    public const string DisplayName = "Bundeskriminalamt SO 43 (migrant smuggling)";

    /// <summary>May submit and search; reads H0–H2 messages on migrant smuggling and document fraud — not H3.</summary>
    private static readonly string[] Scope =
        ["--submit", "yes", "--search", "yes", "--handling", "H0,H1,H2", "--crime-types", "migrant-smuggling,document-fraud"];

    public static async Task<AgencyCredentials> EnsureAsync(PartyCli node, NodeParty party, DevPkiTool pki, CancellationToken cancellationToken)
    {
        var credentials = await pki.AgencyAsync(party, Id, cancellationToken);
        var table = await node.RunAsync<AgenciesOutput>(["agencies", "list"], cancellationToken);
        if (table.Agencies.FirstOrDefault(a => a.Id == Id) is not { } existing)
        {
            await node.RunAsync<object>(["agencies", "add", Id, "--name", DisplayName, .. Scope], cancellationToken);
            return credentials;
        }

        if (existing.CertificateIdentity != credentials.Identity)
        {
            throw new PartyCallException(
                $"agency '{Id}' on {party.Member} is registered for {existing.CertificateIdentity}, not {credentials.Identity}; remove the federation's home or use another one");
        }

        await node.RunAsync<object>(["agencies", "scope", Id, .. Scope], cancellationToken);
        if (existing.Disabled)
        {
            await node.RunAsync<object>(["agencies", "enable", Id], cancellationToken);
        }

        return credentials;
    }
}
