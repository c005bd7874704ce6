using System.Text.Json;
using HstFederation.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace HstFederation.EndToEnd.Tests.Scenarios;

/// <summary>
/// One `hst-node serve` per database, across real processes, and `hst-node status` saying whether it runs: with the node
/// stopped nothing queued leaves and nothing arrives, which status reports as needing attention (exit 1); a second serve
/// on the same database is refused at once naming the one running; a serve killed by SIGKILL leaves no stale lock.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ServeLockTests(ITestOutputHelper output)
{
    private const string NotRunning = "Serve        NOT running: nothing queued leaves, nothing arrives, until 'hst-node serve' runs on this database";

    [Fact]
    public Task Serve_OnePerDatabase_StatusSaysWhetherItRuns_AndASigkilledServeLeavesNoStaleLock() =>
        ScenarioRun.RunAsync(
            new FederationSpec { Name = "serve-lock", Members = ["FR", "DE"] },
            output,
            async federation =>
            {
                var node = federation.Nodes["FR"];
                await federation.Hub.StartAsync();

                // The hub up, FR's serve never started: attention needed.
                await AssertNotRunningAsync(federation, node);

                await node.StartAsync();
                var pid = node.Process.Pid!.Value;
                var running = await federation.Cli.RunAsync(Apphosts.Node, node.Command("status"));
                output.WriteLine(running.ToString());
                Assert.True(running.ExitCode == 0, running.ToString());
                Assert.Contains($"Serve        running (pid {pid}, started ", running.Out, StringComparison.Ordinal);
                var json = await federation.Cli.RunAsync(Apphosts.Node, node.Command("status", "--json"));
                var serve = JsonDocument.Parse(json.Out).RootElement.GetProperty("serve");
                Assert.True(serve.GetProperty("running").GetBoolean(), json.ToString());
                Assert.Equal(pid, serve.GetProperty("pid").GetInt32());
                Assert.Equal(JsonValueKind.String, serve.GetProperty("since").ValueKind);

                // A second serve on the same database, on a port of its own so that only the lock can refuse it.
                var second = await federation.Cli.RunAsync(Apphosts.Node, ["serve", "--config", node.ConfigPath, "--Node:AgencyPort=0", $"--Node:AgencyPortFile={Path.Combine(node.Directory, "second.port")}"]);
                output.WriteLine(second.ToString());
                Assert.Equal(1, second.ExitCode);
                Assert.StartsWith($"hst-node serve: {node.DatabasePath} is already served by another 'hst-node serve' (pid {pid}, started ", second.Error, StringComparison.Ordinal);
                Assert.Single(second.Error.TrimEnd().Split('\n'));
                Assert.True(node.Process.IsRunning, "the first serve stopped");

                // SIGKILL: the OS drops the lock with the process; status says so and a new serve starts.
                await node.KillAsync();
                await AssertNotRunningAsync(federation, node);
                await node.StartAsync();
                var again = await federation.Cli.RunAsync(Apphosts.Node, node.Command("status"));
                Assert.True(again.ExitCode == 0, again.ToString());
                Assert.Contains($"Serve        running (pid {node.Process.Pid}, started ", again.Out, StringComparison.Ordinal);

                await federation.StopAsync();
            });

    private static async Task AssertNotRunningAsync(Federation federation, NodeParty node)
    {
        var text = await federation.Cli.RunAsync(Apphosts.Node, node.Command("status"));
        Assert.Equal(1, text.ExitCode);
        Assert.Contains(NotRunning, text.Out, StringComparison.Ordinal);
        Assert.Contains("Hub          reachable", text.Out, StringComparison.Ordinal);
        var json = await federation.Cli.RunAsync(Apphosts.Node, node.Command("status", "--json"));
        Assert.Equal(1, json.ExitCode);
        var root = JsonDocument.Parse(json.Out).RootElement;
        Assert.False(root.GetProperty("serve").GetProperty("running").GetBoolean(), json.ToString());
        Assert.False(root.GetProperty("healthy").GetBoolean(), json.ToString());
        Assert.True(root.GetProperty("hub").GetProperty("reachable").GetBoolean(), json.ToString());
    }
}
