using HstFederation.Hosting;
using HstFederation.Node.HubLink;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// What serve records of its hub link for `hst-node status` (<see cref="HubLinkState"/>): an outage dates from its first
/// failed call, not its latest, and outlives a restart of serve, as the last answer from the hub does.
/// </summary>
public sealed class HubLinkStateTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _directory = Directory.CreateTempSubdirectory("hst-node-link-state-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void NotReached_ThroughARestartOfServe_KeepsSinceWhenAndTheLastAnswer_UntilTheHubAnswersAgain()
    {
        var database = Path.Combine(_directory, "node.db");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        using var first = new HubLinkState(database, _hub.Trust, time, NullLogger.Instance);
        first.Answered();
        var answeredAt = time.GetUtcNow();
        time.Advance(TimeSpan.FromMinutes(1));
        first.NotReached("Unavailable: down");
        var since = time.GetUtcNow();
        time.Advance(TimeSpan.FromMinutes(10));
        first.NotReached("Unavailable: still down");

        time.Advance(TimeSpan.FromHours(2));
        using var restarted = new HubLinkState(database, _hub.Trust, time, NullLogger.Instance);
        restarted.NotReached("Unavailable: down after the restart");

        var record = HubLinkState.Read(database).Record!;
        Assert.Equal((false, since, answeredAt, "Unavailable: down after the restart"), (record.Reachable, record.UnreachableSince, record.LastContactAt, record.Problem));

        time.Advance(TimeSpan.FromMinutes(1));
        restarted.Answered();
        record = HubLinkState.Read(database).Record!;
        Assert.Equal((true, (DateTimeOffset?)null, time.GetUtcNow(), (string?)null), (record.Reachable, record.UnreachableSince, record.LastContactAt, record.Problem));
    }

    [Fact]
    public void OutcomeObservedAfterServeStopped_WritesNothing()
    {
        // A call's outcome reaches the state on the thread pool, possibly after serve's container disposed it: nothing may
        // then be written beside the database (an operator moving it, a test deleting its directory, would find a new file).
        var database = Path.Combine(_directory, "node.db");
        var state = new HubLinkState(database, _hub.Trust, TimeProvider.System, NullLogger.Instance);
        state.Answered();
        var written = File.ReadAllText(HubLinkState.PathFor(database));

        state.Dispose();
        state.NotReached("Unavailable: down after serve stopped");

        Assert.Equal(written, File.ReadAllText(HubLinkState.PathFor(database)));
        Assert.Equal([HubLinkState.PathFor(database)], Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task ServeOnAShiftedClock_StatusStillTakesItsRecordAsTheRunningServes()
    {
        // Node:ClockOffset shifts the node's clock (a drill), not the serve lock's, which records the machine's.
        var database = Path.Combine(_directory, "node.db");
        using var serveLock = await ServeLock.AcquireAsync(database, "hst-node", "Node:DatabasePath", TimeProvider.System, CancellationToken.None);
        var shifted = new FakeTimeProvider(TimeProvider.System.GetUtcNow() - TimeSpan.FromMinutes(10));
        using var state = new HubLinkState(database, _hub.Trust, shifted, NullLogger.Instance);
        state.Answered();

        var report = HstFederation.Node.Commands.HubLinkReport.Read(database, ServeLock.Probe(database));

        Assert.True(report.Current, report.Line(shifted.GetUtcNow(), 0));
    }

    [Fact]
    public void OutcomesArrivingOutOfOrder_TheCallStartedLaterDecides()
    {
        var database = Path.Combine(_directory, "node.db");
        using var state = new HubLinkState(database, _hub.Trust, TimeProvider.System, NullLogger.Instance);
        var sentBeforeTheHubCameBack = state.CallStarted();
        var sentAfter = state.CallStarted();

        // The later call is answered first; the earlier one's deadline is observed after it, on another thread.
        state.Answered(sentAfter);
        state.NotReached("DeadlineExceeded: sent while the hub was away", sentBeforeTheHubCameBack);

        Assert.True(HubLinkState.Read(database).Record!.Reachable);
    }
}
