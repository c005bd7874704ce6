using System.Text.Json;

namespace HstFederation.Demo.Federation;

/// <summary>One NCB node as federation.json describes it: its CLI line, its agency listener, its database and log files.</summary>
internal sealed record NodeParty(string Member, string Identity, Uri AgencyEndpoint, string AgencyRootCertificate, string CliLine, string Database, string Log)
{
    public static NodeParty Read(JsonElement party)
    {
        var agency = party.GetProperty("agency");
        return new NodeParty(
            party.GetProperty("member").GetString()!,
            party.GetProperty("identity").GetString()!,
            new Uri(party.GetProperty("endpoints").GetProperty("agency").GetString()!),
            agency.GetProperty("rootCertificate").GetString()!,
            party.GetProperty("cli").GetString()!,
            party.GetProperty("database").GetString()!,
            party.GetProperty("log").GetString()!);
    }
}
