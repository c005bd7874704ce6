using System.Text.Json;

namespace HstFederation.Demo.Federation;

/// <summary>One NCB node as federation.json describes it: its CLI line and its agency listener.</summary>
internal sealed record NodeParty(string Member, string Identity, Uri AgencyEndpoint, string AgencyRootCertificate, string CliLine)
{
    public static NodeParty Read(JsonElement party)
    {
        var agency = party.GetProperty("agency");
        return new NodeParty(
            party.GetProperty("member").GetString()!,
            party.GetProperty("identity").GetString()!,
            new Uri(party.GetProperty("endpoints").GetProperty("agency").GetString()!),
            agency.GetProperty("rootCertificate").GetString()!,
            party.GetProperty("cli").GetString()!);
    }
}
