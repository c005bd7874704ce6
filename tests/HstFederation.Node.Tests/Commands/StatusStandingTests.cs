using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// `hst-node status` on a node whose NCB the hub suspended: the hub still answers its directory request, so the node reads
/// as reachable; the line must say the NCB is suspended, and the exit code must not read healthy.
/// </summary>
public sealed class StatusStandingTests : CommandLineTestBase
{
    [Fact]
    public async Task Status_OfASuspendedMember_SaysSuspendedAtTheHub_AndExitsOne()
    {
        await Hub.SetStatusAsync("FR", MemberStatus.Suspended);

        var text = await RunAsync(Fr, "status");
        var json = await RunAsync(Fr, "status", "--json");

        Assert.Equal(NodeCommandLine.Failure, text.ExitCode);
        Assert.Contains("Hub          reachable", text.Out, StringComparison.Ordinal);
        Assert.Contains("this NCB is SUSPENDED at the hub: it refuses what this node sends", text.Out, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, json.ExitCode);
        using var document = JsonDocument.Parse(json.Out);
        var hub = document.RootElement.GetProperty("hub");
        Assert.True(hub.GetProperty("reachable").GetBoolean());
        Assert.Equal("Suspended", hub.GetProperty("memberStatus").GetString());
        Assert.False(document.RootElement.GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task Status_OfAnActiveMember_SaysNothingOfItsStanding_AndExitsZero()
    {
        var run = await RunAsync(Fr, "status", "--json");

        Assert.True(run.ExitCode == NodeCommandLine.Success, run.ToString());
        using var document = JsonDocument.Parse(run.Out);
        Assert.Equal("Active", document.RootElement.GetProperty("hub").GetProperty("memberStatus").GetString());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("hub").GetProperty("memberProblem").ValueKind);
    }
}
