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

    /// <summary>
    /// The last head of the hub's audit chain <paramref name="node"/> recorded (its `serve` asks at every directory refresh),
    /// checked against the hub's chain by `hst-hub verify-audit --recorded-head`, and how many it saw go back; null
    /// when the node recorded none.
    /// </summary>
    public static async Task<(string Head, long WentBack, AuditResult Verified)?> HubHeadAsync(Federation federation, NodeParty node)
    {
        string head;
        long wentBack;
        using (var connection = ReadOnlyDatabase.Open(node.DatabasePath))
        {
            wentBack = (long)connection.Scalar("SELECT count(*) FROM hub_audit_heads WHERE went_back = 1;")!;
            var last = connection.Query(
                "SELECT entries, hash FROM hub_audit_heads ORDER BY id DESC LIMIT 1;",
                reader => reader.Read() ? $"{reader.GetInt64(0)}:{Convert.ToHexStringLower((byte[])reader[1])}" : null);
            if (last is null)
            {
                return null;
            }

            head = last;
        }

        var verified = await RunAsync(federation, $"hub against {node.Code}'s head {head}", Apphosts.Hub,
            ["verify-audit", "--json", "--recorded-head", head, .. federation.Hub.Settings]);
        return (head, wentBack, verified);
    }

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
