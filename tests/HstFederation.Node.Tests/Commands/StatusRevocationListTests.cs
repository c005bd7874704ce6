using System.Text.Json;
using HstFederation.DevPki;
using HstFederation.Node.Commands;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// ARCHITECTURE §2, trust data expires closed: `hst-node status` says so while the CRL is past its nextUpdate but still
/// within Node:RevocationGrace, when the operator can still act before every certificate is refused.
/// </summary>
public sealed class StatusRevocationListTests : CommandLineTestBase
{
    [Fact]
    public async Task Status_WithACrlPastItsNextUpdateWithinTheGrace_SaysOverdueWhenItGoesStaleAndWhereTheFreshOneGoes_AndExitsOne()
    {
        var now = Hub.Time.GetUtcNow();
        var crlPath = FederationLayout.RevocationList(Hub.DirectoryPath);
        var nextUpdate = now.AddHours(-1);
        File.WriteAllText(crlPath, Hub.Federation.Pki.IssueCrl(now.AddHours(-2), nextUpdate).Pem + "\n");

        var text = await RunAsync(Fr, "status");
        var json = await RunAsync(Fr, "status", "--json");

        Assert.Equal(NodeCommandLine.Failure, text.ExitCode);
        var staleAt = Display.Time(DevelopmentPkiWhole(nextUpdate) + TimeSpan.FromDays(1));
        Assert.Contains($"OVERDUE: due for renewal {Display.Time(DevelopmentPkiWhole(nextUpdate))}; from {staleAt} (Node:RevocationGrace)", text.Out, StringComparison.Ordinal);
        Assert.Contains($"put a fresh CRL from the CA operator at {crlPath}", text.Out, StringComparison.Ordinal);
        Assert.Contains("Hub          reachable", text.Out, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, json.ExitCode);
        using var document = JsonDocument.Parse(json.Out);
        var certificates = document.RootElement.GetProperty("certificates");
        Assert.True(certificates.GetProperty("crlOverdue").GetBoolean());
        Assert.Equal(DevelopmentPkiWhole(nextUpdate) + TimeSpan.FromDays(1), certificates.GetProperty("crlStaleAt").GetDateTimeOffset());
        Assert.False(document.RootElement.GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task Status_WithACurrentCrl_IsNotOverdue()
    {
        var run = await RunAsync(Fr, "status", "--json");

        Assert.True(run.ExitCode == NodeCommandLine.Success, run.ToString());
        using var document = JsonDocument.Parse(run.Out);
        Assert.False(document.RootElement.GetProperty("certificates").GetProperty("crlOverdue").GetBoolean());
    }

    /// <summary>CRL times are whole seconds (RFC 5280).</summary>
    private static DateTimeOffset DevelopmentPkiWhole(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
