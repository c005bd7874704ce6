using System.Text.Json;
using HstFederation.EndToEnd.Tests.Harness;

namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>Each party's hash-chained audit log, checked by the product's own <c>verify-audit</c> command as an operator runs it.</summary>
internal static class AuditCheck
{
    public static Task<AuditResult> HubAsync(Federation federation) =>
        RunAsync(federation, "hub", Apphosts.Hub, ["verify-audit", "--json", .. federation.Hub.Settings]);

    public static Task<AuditResult> NodeAsync(Federation federation, NodeParty node) =>
        RunAsync(federation, node.Code, Apphosts.Node, node.Command("verify-audit", "--json"));

    private static async Task<AuditResult> RunAsync(Federation federation, string party, string executable, IReadOnlyList<string> arguments)
    {
        var run = await federation.Cli.RunAsync(executable, arguments);
        try
        {
            using var json = JsonDocument.Parse(run.Out);
            var intact = json.RootElement.GetProperty("intact").GetBoolean();
            var entries = json.RootElement.TryGetProperty("entries", out var count) ? count.GetInt64() : 0;
            return new AuditResult(party, intact && run.ExitCode == 0, entries, run.ToString());
        }
        catch (JsonException)
        {
            return new AuditResult(party, false, 0, run.ToString());
        }
    }
}
