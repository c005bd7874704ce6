using HstFederation.LoadGenerator.Federation;
using HstFederation.LoadGenerator.Load;
using HstFederation.LoadGenerator.Measure;
using HstFederation.LoadGenerator.Scenarios;
using HstFederation.LoadGenerator.Workload;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Tests.Load;

/// <summary>
/// The load generator's subscribers when the transport breaks their Subscribe streams mid-way: a real hub process
/// (the generator's own <see cref="HubHost"/>, real mutual TLS on 127.0.0.1, a federation from `hst-hub init`)
/// stopped or killed once the first half of the planned deliveries was read, and started again on the same address
/// and database while the subscribers keep running. Each subscriber must resume after the last cursor it read: every
/// planned delivery (and every delivery receipt relayed to the sender) seen exactly once, none lost, and each one
/// acknowledged at the hub. A subscriber resuming from cursor 0 reads the first half again (duplicates); one that does
/// not resume fails; one that skips a cursor never completes the second half.
/// </summary>
public sealed class SubscriberResumeTests : IDisposable
{
    /// <summary>Messages before the break (the plan's warm-up) and after it (its timed messages): member 0 sends to member 1.</summary>
    private const int Half = 20;

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _directory = System.IO.Directory.CreateTempSubdirectory("hst-load-resume-test-");

    [Theory]
    [InlineData(false)] // SIGTERM: the hub ends its streams (Unavailable, no hub reason) and its connections close
    [InlineData(true)] // SIGKILL: the connections drop under the streams and the acknowledgements
    public async Task Subscribe_HubRestartedOnTheSameAddressMidway_ResumesAfterTheLastCursorReadWithEveryDeliveryOnceAndAcknowledged(bool kill)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var federation = await BenchFederation.CreateAsync(Path.Combine(_directory.FullName, "federation"), memberCount: 2, deadline.Token);
        var scenario = new Scenario { Name = "resume", Mode = LoadMode.Closed, FanOut = 1, MessageBytes = 1024, Messages = Half, Warmup = Half, Senders = 1 };
        var plan = MessagePlan.Create(scenario, federation);
        var hub = await HubHost.StartAsync(federation, Path.Combine(_directory.FullName, "hub"), [], deadline.Token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        try
        {
            using var channels = new MemberChannels(federation, hub.Address);
            var timeline = new Timeline(plan);
            var submitter = new Submitter(channels, timeline);
            submitter.Prepare(plan);
            var subscribers = plan.Subscribers
                .Select(m => new Subscriber(m, new Protocol.V1.Hub.HubClient(channels.For(m)), plan, timeline, slowDelay: null))
                .ToList();
            var running = Subscriber.UntilOneFailsAsync(subscribers.Select(s => s.RunAsync(stop.Token)));

            await SendAsync(plan.WarmupMessages, scenario, timeline, submitter, deadline.Token);
            await HubScenario.WaitAsync(timeline.PhaseDone(0), running, PhaseTimeout, "the half before the break", 0, timeline, hub);
            Assert.Equal(0, timeline.Duplicates);

            hub = await hub.RestartAsync(federation, kill, deadline.Token);
            await SendAsync(plan.TimedMessages, scenario, timeline, submitter, deadline.Token);
            await HubScenario.WaitAsync(timeline.PhaseDone(1), running, PhaseTimeout, "the half after the break", 1, timeline, hub);
            var acknowledged = UntilAcknowledgedAsync(hub.DatabasePath, stop.Token);
            await HubScenario.WaitAsync(acknowledged, running, PhaseTimeout, "the acknowledgements", 1, timeline, hub);
            await acknowledged;
            await stop.CancelAsync();
            await running;

            Assert.All(subscribers, s => Assert.True(s.Resumed >= 1, $"member {s.Member} never resumed its stream"));
            Assert.Equal(0, timeline.Duplicates);
            Assert.Equal(0, timeline.Unknown);
            Assert.Equal(Half, timeline.Deliveries);
            Assert.Equal(0, timeline.Outstanding(0));
            Assert.Equal(0, timeline.Outstanding(1));

            // Each message made one envelope delivery to member 1, and its delivery receipt was relayed to member 0 once, in
            // the batch of the acknowledgement call that carried it (a batch row counts its receipts); nothing else.
            Assert.Equal(0, Count(hub.DatabasePath, "SELECT COUNT(*) FROM deliveries WHERE kind NOT IN (1, 2);"));
            Assert.Equal(2 * Half, Count(hub.DatabasePath, "SELECT COUNT(*) FROM deliveries WHERE kind = 1 AND relayed_in IS NOT NULL;"));
            Assert.Equal(2 * Half, Count(hub.DatabasePath, "SELECT COUNT(*) FROM deliveries WHERE kind = 1;"));
            Assert.Equal(2 * Half, Count(hub.DatabasePath, "SELECT coalesce(sum(coalesce(batched_receipts, 1)), 0) FROM deliveries WHERE kind = 2;"));
        }
        finally
        {
            await stop.CancelAsync();
            await hub.DisposeAsync();
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    private static Task SendAsync(IEnumerable<PlannedMessage> messages, Scenario scenario, Timeline timeline, Submitter submitter, CancellationToken cancellationToken) =>
        LoadDrivers.ClosedLoopAsync(messages.ToList(), scenario.InFlight, (m, t) => timeline.Scheduled(m.Index, t), submitter.SubmitAsync, cancellationToken);

    /// <summary>Completes once the hub recorded every delivery as acknowledged (polled on the live database).</summary>
    private static async Task UntilAcknowledgedAsync(string database, CancellationToken cancellationToken)
    {
        while (Count(database, "SELECT COUNT(*) FROM deliveries WHERE acked_at_ms IS NULL;") > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static long Count(string database, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return (long)connection.Scalar(sql)!;
    }
}
