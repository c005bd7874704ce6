using HstFederation.EndToEnd.Tests.Checking;
using HstFederation.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace HstFederation.EndToEnd.Tests.Scenarios;

/// <summary>
/// THREATS row 28 across real processes: the hub runs with a storage quota (<c>Hub:MaxDatabasePages</c>) a few dozen
/// pages above its database's size, so that a load of 120 messages fills it. Once full, submissions fail retriably:
/// the nodes log StorageFull and keep their messages queued, nothing is refused for good, and every message a node
/// holds a hub receipt for is in the hub's database (no receipt for what was not persisted). The hub is then
/// restarted without the quota (space returns) and everything drains; the checker passes.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class HubDiskFullTests(ITestOutputHelper output)
{
    private const int Seed = 28;
    private const int Messages = 120;
    private const int RoomInPages = 30;
    private const string StorageFull = "reason StorageFull); retrying";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public Task HubStoreFull_SubmissionsStayQueuedWithoutReceipts_AndDrainOnceSpaceReturns() =>
        ScenarioRun.RunAsync(new FederationSpec { Name = "disk-full" }, output, async federation =>
        {
            var random = new Random(Seed);
            var members = federation.Spec.Members;
            var plan = LoadPlan.Create(random, members, members, Messages, "CANARY-FULL-");
            var hub = federation.Hub;
            var quota = $"--Hub:MaxDatabasePages={PageCount(hub.DatabasePath) + RoomInPages}";
            hub.ServeSettings.Add(quota);
            await federation.StartAsync();

            var load = new LoadGenerator(federation);
            await load.RunAsync(plan, CancellationToken.None);
            await Poll.UntilAsync(
                () => Running(federation) && federation.Nodes.Values.Sum(n => LogEvidence.Count(n.LogPath, StorageFull)) > 0
                    && LogEvidence.Count(hub.LogPath, "(disk full: True)") > 0,
                "the hub's store to fill up", Deadline, () => Progress.Describe(federation));
            federation.Timeline.Mark("full");

            // Full: stop the hub as an operator would before giving it room; what it holds is now fixed.
            Assert.True(await hub.Process.StopAsync(TimeSpan.FromSeconds(20)), "the full hub did not stop on SIGTERM");
            var atFull = federation.Nodes.Values.ToDictionary(n => n.Code, Progress.Node);
            var stored = HubRecords.Read(hub.DatabasePath);
            output.WriteLine($"at the quota ({quota}): {stored.Messages.Count} messages stored at the hub, {PageCount(hub.DatabasePath)} pages; "
                + string.Join("; ", atFull.Select(n => $"{n.Key} {n.Value.Accepted} accepted, {n.Value.Queued} queued, {n.Value.Rejected} rejected")));

            Assert.True(atFull.Values.Sum(c => c.Queued) > 0, "the quota blocked nothing: the scenario tested nothing");
            Assert.All(atFull.Values, c => Assert.Equal(0, c.Rejected));
            Assert.True(federation.Nodes.Values.Sum(n => LogEvidence.Count(n.LogPath, StorageFull)) > 0);
            foreach (var node in federation.Nodes.Values)
            {
                // Every hub receipt a node holds is for a message the hub persisted, with that very receipt.
                foreach (var accepted in NodeRecords.Read(node.Party, node.DatabasePath).Outbox.Values.Where(m => m.State == OutboxState.Accepted))
                {
                    Assert.True(stored.Messages.TryGetValue(accepted.Key, out var message), $"{accepted.Key} has a hub receipt but is not in the full hub's store");
                    Assert.Equal(accepted.Receipt, message.Receipt);
                }
            }

            // Space returns: the same hub, same database, no quota.
            hub.ServeSettings.Remove(quota);
            await hub.StartAsync();
            await Poll.UntilAsync(() => Running(federation) && Progress.Drained(federation), "the drain", Deadline, () => Progress.Describe(federation));
            federation.Timeline.Mark("drained");
            await AgencyView.AssertAllDeliveredAsync(federation, load.Queued, plan);
            await federation.StopAsync();

            var totals = await FederationChecker.CheckAsync(federation);
            output.WriteLine(totals.ToString());
            output.WriteLine($"{federation.Nodes.Values.Sum(n => LogEvidence.Count(n.LogPath, StorageFull))} submissions refused as StorageFull and retried");
            Assert.Equal(Messages, totals.Messages);
        });

    private static long PageCount(string databasePath)
    {
        using var connection = ReadOnlyDatabase.Open(databasePath);
        return connection.Count("PRAGMA page_count;");
    }

    private static bool Running(Federation federation)
    {
        federation.ThrowIfAnyExited();
        return true;
    }
}
