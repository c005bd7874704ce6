using HstFederation.EndToEnd.Tests.Checking;
using HstFederation.EndToEnd.Tests.Harness;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace HstFederation.EndToEnd.Tests.Scenarios;

/// <summary>
/// THREATS rows 25 to 27 on the nodes' side, across real processes: a receiving node (DE) is killed with SIGKILL three
/// times while its inbox fills, and a sending node (IT) twice while its outbox holds messages the hub has not accepted
/// yet; each restarts on the same database. Moments are seeded and tied to progress (DE's inbox, IT's hub receipts),
/// and each kill is shown to have landed mid-stream by reading the killed node's database before its restart. After
/// the drain the checker finds every acknowledged message delivered exactly once and every receipt at its source.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class NodesKilledMidStreamTests(ITestOutputHelper output)
{
    private const int Seed = 27_26;
    private const string Receiver = "DE";
    private const string Sender = "IT";
    private const int ToReceiver = 160;
    private const int FromSender = 120;
    private const int ReceiverKills = 3;
    private const int SenderKills = 2;
    private static readonly TimeSpan LoadDeadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public Task ReceiverKilledWhileItsInboxFills_SenderKilledWithQueuedMessages_EveryAcknowledgedMessageReachesEachAddresseeOnce() =>
        ScenarioRun.RunAsync(new FederationSpec { Name = "node-kill" }, output, async federation =>
        {
            var random = new Random(Seed);
            var members = federation.Spec.Members;
            var toReceiver = LoadPlan.Create(random, ["FR", "ES"], members, ToReceiver, "CANARY-TO-DE-", alwaysTo: Receiver);
            var fromSender = LoadPlan.Create(random, [Sender], members, FromSender, "CANARY-FROM-IT-", firstNumber: ToReceiver + 1);
            List<PlannedMessage> plan = [.. toReceiver, .. fromSender];
            var expectedAtReceiver = plan.Count(m => m.To.Contains(Receiver));
            await federation.StartAsync();

            var load = new LoadGenerator(federation);
            var loading = load.RunAsync(plan, CancellationToken.None);
            var receiver = federation.Nodes[Receiver];
            var sender = federation.Nodes[Sender];
            var receiverKills = new List<string>();
            var senderKills = new List<string>();

            // The receiver: killed at a seeded inbox count within each of ReceiverKills + 1 slices of what it expects.
            var receiving = Task.Run(async () =>
            {
                var slice = expectedAtReceiver / (ReceiverKills + 1);
                for (var k = 1; k <= ReceiverKills; k++)
                {
                    var threshold = (k * slice) + random.Next(slice / 2);
                    await Poll.UntilAsync(() => Running(federation, loading) && Progress.Node(receiver).Inbox >= threshold,
                        $"{threshold} messages in {Receiver}'s inbox before kill {k}", LoadDeadline, () => Progress.Describe(federation));
                    await receiver.KillAsync();
                    var counts = Progress.Node(receiver);
                    receiverKills.Add($"{counts.Inbox}/{expectedAtReceiver}");
                    Assert.True(counts.Known && counts.Inbox < expectedAtReceiver, $"{Receiver} was killed with its inbox at {counts}: not mid-stream");
                    await receiver.StartAsync();
                }
            });

            // The sender: killed at a seeded number of hub receipts while messages wait in its outbox.
            var sending = Task.Run(async () =>
            {
                int[] thresholds = [10 + random.Next(20), 50 + random.Next(20)];
                foreach (var threshold in thresholds)
                {
                    await Poll.UntilAsync(() => Running(federation, loading) && Progress.Node(sender).Accepted >= threshold,
                        $"{threshold} hub receipts at {Sender}", LoadDeadline, () => Progress.Describe(federation));
                    await sender.KillAsync();
                    var counts = Progress.Node(sender);
                    senderKills.Add($"{counts.Accepted} accepted, {counts.Queued} queued");
                    Assert.True(counts.Known && counts.Queued > 0, $"{Sender} was killed with nothing queued ({counts}): not mid-outbox");
                    await sender.StartAsync();
                }
            });

            await Task.WhenAll(receiving, sending, loading);
            federation.Timeline.Mark("kills done");
            await Poll.UntilAsync(() => Running(federation, loading) && Progress.Drained(federation), "the drain", DrainDeadline, () => Progress.Describe(federation));
            federation.Timeline.Mark("drained");
            await AgencyView.AssertAllDeliveredAsync(federation, load.Queued, plan);
            await federation.StopAsync();

            var totals = await FederationChecker.CheckAsync(federation);
            output.WriteLine(totals.ToString());
            output.WriteLine($"{Receiver} killed (SIGKILL) with its inbox at {string.Join(", ", receiverKills)}; {Sender} killed with {string.Join("; ", senderKills)}");
            output.WriteLine($"{LogEvidence.RepeatedDeliveries(federation)} deliveries replayed and recognised as repeats; {load.Retries} agency submissions retried");

            Assert.Equal(ReceiverKills, receiver.Process.Kills);
            Assert.Equal(SenderKills, sender.Process.Kills);
            Assert.Equal(plan.Count, load.Queued.Count);
            Assert.Equal(plan.Count, load.Queued.Values.Select(r => r.MessageId).Distinct(StringComparer.Ordinal).Count());

            // Exactly the plan: the agency retries carry a request_id, so a submission the killed node had queued before
            // its answer was lost is answered with that message on retry, never queued a second time.
            Assert.Equal(plan.Count, totals.Messages);

            // Control: the checker is not vacuous. One stored message removed from the receiver's inbox is found missing.
            using (var connection = new SqliteConnection($"Data Source={receiver.DatabasePath};Pooling=False"))
            {
                connection.Open();
                connection.Execute("DELETE FROM inbox WHERE local_id = (SELECT max(local_id) FROM inbox);");
            }

            var control = await Record.ExceptionAsync(() => FederationChecker.CheckAsync(federation, phase: "control checked"));
            Assert.Contains($"never reached addressee {receiver.Party}", control?.Message, StringComparison.Ordinal);
        });

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
