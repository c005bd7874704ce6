using System.Text.Json;
using HstFederation.EndToEnd.Tests.Checking;
using HstFederation.EndToEnd.Tests.Harness;
using HstFederation.Protocol.V1;
using Xunit.Abstractions;

namespace HstFederation.EndToEnd.Tests.Scenarios;

/// <summary>
/// THREATS row 22 across real processes: one node (ES) runs 10 minutes ahead (<c>Node:ClockOffset</c>, written into
/// its configuration by <c>hst-node init</c>), beyond the federation's 5-minute tolerance. Everything it sends is
/// refused by the hub as CreatedInFuture, visibly: its agency sees each message rejected with that reason, its log
/// carries the Critical clock alarms, and <c>hst-node status</c> reports the alarm and exits 1. The other nodes are
/// unaffected: everything they send, to ES too, is delivered and receipted, and their status is healthy.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class NodeClockSkewTests(ITestOutputHelper output)
{
    private const int Seed = 22;
    private const string Skewed = "ES";
    private const int FromOthers = 60;
    private const int FromSkewed = 10;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public Task NodeClockTenMinutesAhead_ItsMessagesAreRefusedAsCreatedInFutureWithAnAlarm_TheOthersAreUnaffected() =>
        ScenarioRun.RunAsync(
            new FederationSpec { Name = "clock-skew", NodeSettings = code => code == Skewed ? ["--Node:ClockOffset=00:10:00"] : [] },
            output,
            async federation =>
            {
                var random = new Random(Seed);
                var members = federation.Spec.Members;
                var others = LoadPlan.Create(random, [.. members.Where(m => m != Skewed)], members, FromOthers, "CANARY-OTHERS-");
                var skewed = LoadPlan.Create(random, [Skewed], members, FromSkewed, "CANARY-SKEWED-", firstNumber: 1001);
                await federation.StartAsync();

                var load = new LoadGenerator(federation);
                await load.RunAsync([.. others, .. skewed], CancellationToken.None);
                await Poll.UntilAsync(() => Running(federation) && Progress.Drained(federation), "the drain", Deadline, () => Progress.Describe(federation));
                federation.Timeline.Mark("drained");

                // The skewed node's messages: each rejected, with the reason, where its agency follows them.
                var refused = await AgencyView.SummariesAsync(federation, load.Queued, skewed);
                Assert.Equal(FromSkewed, refused.Count);
                Assert.All(refused.Values, s =>
                {
                    Assert.Equal(OutboxMessageState.Rejected, s.State);
                    Assert.Equal("CreatedInFuture", s.RejectReason);
                });
                output.WriteLine($"ES's messages: {refused.Count} rejected, e.g. {refused.Values.First().RejectReason}: {refused.Values.First().RejectDetail}");

                // The alarm: Critical log lines, and status (with the node's own configuration) in alarm, exit 1.
                var node = federation.Nodes[Skewed];
                Assert.True(LogEvidence.Count(node.LogPath, "CLOCK: the hub refused outbox message") >= FromSkewed, "no Critical CLOCK line per refused message in ES's log");
                Assert.True(LogEvidence.Count(node.LogPath, "CLOCK SKEW") > 0, "no Critical CLOCK SKEW line in ES's log");
                var status = await federation.Cli.RunAsync(Apphosts.Node, node.Command("status", "--json"));
                var clock = JsonDocument.Parse(status.Out).RootElement.GetProperty("clock");
                output.WriteLine($"ES's status: exit {status.ExitCode}, clock {clock}");
                Assert.Equal(1, status.ExitCode);
                Assert.True(clock.GetProperty("alarm").GetBoolean(), status.ToString());
                Assert.Equal(FromSkewed, clock.GetProperty("refusedForTime").GetInt64());

                // The others: healthy, their messages delivered (the checker below), ES's receipts included.
                await AgencyView.AssertAllDeliveredAsync(federation, load.Queued, others);
                var healthy = await Task.WhenAll(federation.Nodes.Values.Where(n => n.Code != Skewed)
                    .Select(other => federation.Cli.RunAsync(Apphosts.Node, other.Command("status"))));
                Assert.All(healthy, run => Assert.True(run.ExitCode == 0, run.ToString()));

                await federation.StopAsync();
                var totals = await FederationChecker.CheckAsync(federation);
                output.WriteLine(totals.ToString());
                Assert.Equal(FromOthers, totals.Messages);
                Assert.Equal(FromSkewed, totals.Rejected[Skewed].GetValueOrDefault("CreatedInFuture"));
            });

    private static bool Running(Federation federation)
    {
        federation.ThrowIfAnyExited();
        return true;
    }
}
