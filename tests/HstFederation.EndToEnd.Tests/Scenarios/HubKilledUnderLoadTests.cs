using HstFederation.EndToEnd.Tests.Checking;
using HstFederation.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace HstFederation.EndToEnd.Tests.Scenarios;

/// <summary>
/// THREATS rows 25 and 11, across real processes: the hub is killed with SIGKILL at 20 seeded moments of a load of
/// 400 messages, each to 2 or 3 of 4 members, submitted through the nodes' agency API; it restarts each time on the
/// same address. The moments are tied to progress (hub receipts kept by the senders), so every kill falls inside the
/// load. After the drain every acknowledged message is delivered exactly once, every receipt is back at its source,
/// and the hub's record agrees (<see cref="FederationChecker"/>). Three quarters of the messages are direct NCB-to-NCB
/// exchanges with a canary string: the hub's database, WAL, shared memory and log never hold one, while the
/// addressees' databases do; and the hub is a key recipient of exactly the messages whose agency let it read them.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class HubKilledUnderLoadTests(ITestOutputHelper output)
{
    private const int Seed = 25_11;
    private const int Messages = 400;
    private const int Kills = 20;
    private const int MaxExtraDelayMs = 25;
    private static readonly TimeSpan LoadDeadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public Task HubKilledAtRandomMomentsOfALoad_EveryAcknowledgedMessageReachesEachAddresseeOnce_AndTheHubHoldsNoCanary() =>
        ScenarioRun.RunAsync(new FederationSpec { Name = "hub-kill" }, output, async federation =>
        {
            var random = new Random(Seed);
            var canary = $"HSTCANARY{Guid.NewGuid():N}#";
            var members = federation.Spec.Members;
            var plan = LoadPlan.Create(random, members, members, Messages, canary);
            await federation.StartAsync();

            using var stop = new CancellationTokenSource();
            var load = new LoadGenerator(federation);
            var loading = load.RunAsync(plan, stop.Token);

            // Kill k happens a random 0..MaxExtraDelayMs after a random number of hub receipts within the k-th of
            // Kills + 1 equal slices of the load: submissions, fan-out and acknowledgements are in flight.
            var slice = Messages / (Kills + 1);
            for (var k = 1; k <= Kills; k++)
            {
                var threshold = (k * slice) + random.Next(slice);
                await Poll.UntilAsync(
                    () => Running(federation, loading) && Progress.Accepted(federation) >= threshold,
                    $"{threshold} hub receipts before kill {k}", LoadDeadline, () => Progress.Describe(federation));
                await Task.Delay(random.Next(MaxExtraDelayMs)); // not a wait for anything: when, after the threshold, to kill
                await federation.Hub.KillAsync();
                await federation.Hub.StartAsync();
            }

            await loading;
            federation.Timeline.Mark($"{Kills} kills done");

            // A last kill once everything is submitted: the files a killed hub leaves (WAL included) hold no canary.
            await Poll.UntilAsync(() => Running(federation, loading) && Progress.Accepted(federation) >= Messages - slice, "the last slice", LoadDeadline);
            await federation.Hub.KillAsync();
            var hubFiles = CanaryScan.DatabaseFiles(federation.Hub.DatabasePath).Append(federation.Hub.LogPath).ToList();
            var afterKill = CanaryScan.FilesContaining(canary, hubFiles);
            await federation.Hub.StartAsync();

            await Poll.UntilAsync(() => Running(federation, loading) && Progress.Drained(federation), "the drain", DrainDeadline, () => Progress.Describe(federation));
            federation.Timeline.Mark("drained");
            await AgencyView.AssertAllDeliveredAsync(federation, load.Queued, plan);
            await federation.StopAsync();

            var totals = await FederationChecker.CheckAsync(federation);
            output.WriteLine(totals.ToString());
            output.WriteLine($"{federation.Hub.Process.Kills} hub kills (SIGKILL), {federation.Hub.Process.Starts} hub starts; "
                + $"{LogEvidence.SubmitRetries(federation)} submissions retried by the nodes, {LogEvidence.RepeatedDeliveries(federation)} deliveries replayed and recognised as repeats");

            Assert.Equal(Kills + 1, federation.Hub.Process.Kills);
            Assert.Equal(Messages, load.Queued.Count);
            Assert.Equal(Messages, totals.Messages);
            Assert.True(LogEvidence.SubmitRetries(federation) > 0, "no submission was in flight at any kill: the scenario tested nothing");

            // Row 11: no canary in the hub's files, neither after the last kill (WAL, shared memory) nor at the end; the
            // nodes' logs carry no message content either. Positive control: each addressee's database holds the canary
            // of a direct message sent to it, so the scan does find what is there.
            Assert.Empty(afterKill);
            Assert.Empty(CanaryScan.FilesContaining(canary, hubFiles.Concat(federation.Nodes.Values.Select(n => n.LogPath))));
            foreach (var node in federation.Nodes.Values)
            {
                var direct = plan.First(m => m.Canary is not null && m.To.Contains(node.Code));
                Assert.NotEmpty(CanaryScan.FilesContaining(direct.Canary!, CanaryScan.DatabaseFiles(node.DatabasePath)));
            }

            // The scan cannot see a direct message sealed for the hub (the hub writes no message text, whatever it may
            // read): the envelopes it holds carry its key wrap for exactly the messages whose agency let it read them.
            var sealedOtherwise = HubKeyAudience.Violations(federation.Hub.DatabasePath, load.Queued, plan);
            Assert.True(sealedOtherwise.Count == 0, $"{sealedOtherwise.Count} messages sealed otherwise than their agency asked, e.g.\n{string.Join('\n', sealedOtherwise.Take(10))}");
        });

    /// <summary>Fails fast when a party exited on its own or the load failed, instead of waiting out a deadline.</summary>
    private static bool Running(Federation federation, Task loading)
    {
        federation.ThrowIfAnyExited();
        if (loading.IsFaulted)
        {
            loading.GetAwaiter().GetResult();
        }

        return true;
    }
}
