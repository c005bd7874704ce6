using HstFederation.Hub.Storage;
using HstFederation.Hub.Telemetry;
using HstFederation.Hub.Tests.Storage;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Telemetry;

public sealed class HubMetricsTests
{
    [Fact]
    public void Counters_EachCall_RecordedWithItsTags()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = NewMetrics(services, _ => Task.FromResult(EmptyStats()), new FakeTimeProvider());
        using var recorder = new MetricsRecorder(metrics);

        metrics.Accepted(duplicate: false);
        metrics.Accepted(duplicate: false);
        metrics.Accepted(duplicate: true);
        metrics.Rejected(RejectionReason.Replay);
        metrics.Rejected(RejectionReason.SignatureInvalid);
        metrics.Rejected(RejectionReason.Replay);
        metrics.Delivered(3);
        metrics.Delivered(4);
        metrics.SubmitCompleted(TimeSpan.FromMilliseconds(12.5));

        Assert.Equal(2, recorder.Sum(HubMetrics.AcceptedName, "duplicate", false));
        Assert.Equal(1, recorder.Sum(HubMetrics.AcceptedName, "duplicate", true));
        Assert.Equal(2, recorder.Sum(HubMetrics.RejectedName, "reason", nameof(RejectionReason.Replay)));
        Assert.Equal(1, recorder.Sum(HubMetrics.RejectedName, "reason", nameof(RejectionReason.SignatureInvalid)));
        Assert.Equal(7, recorder.Sum(HubMetrics.DeliveredName));
        Assert.Equal([12.5], recorder.Measurements.Where(m => m.Instrument == HubMetrics.SubmitDurationName).Select(m => m.Value));
    }

    [Fact]
    public void Delivered_Negative_Throws()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = NewMetrics(services, _ => Task.FromResult(EmptyStats()), new FakeTimeProvider());

        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.Delivered(-1));
    }

    [Fact]
    public async Task QueueGauges_RealStore_UndeliveredPerPartyAndOldestAge()
    {
        await using var temp = TempStore.Create();
        await temp.Store.SubmitAsync(Make(FR, 1, DE, IT));
        await temp.Store.SubmitAsync(Make(FR, 2, DE));
        temp.Time.Advance(TimeSpan.FromSeconds(30));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = NewMetrics(services, temp.Store.StatsAsync, temp.Time);
        using var recorder = new MetricsRecorder(metrics);

        recorder.RecordObservables();

        Assert.Equal(2, recorder.Sum(HubMetrics.QueueDepthName, "party", DE.Uri));
        Assert.Equal(1, recorder.Sum(HubMetrics.QueueDepthName, "party", IT.Uri));
        Assert.Equal(0, recorder.Sum(HubMetrics.QueueDepthName, "party", FR.Uri));
        Assert.Equal(30, recorder.Sum(HubMetrics.QueueOldestAgeName, "party", DE.Uri), precision: 3);
    }

    [Fact]
    public void QueueDepths_WithinMaxAge_ReadsTheStoreOnce()
    {
        var time = new FakeTimeProvider();
        var reads = 0;
        var depths = new QueueDepths(_ =>
        {
            Interlocked.Increment(ref reads);
            return Task.FromResult(EmptyStats());
        }, time, NullLogger<QueueDepths>.Instance, TimeSpan.FromSeconds(10));

        Assert.NotNull(depths.Current());
        time.Advance(QueueDepths.MaxAge - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(depths.Current());
        Assert.Equal(1, Volatile.Read(ref reads));

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.NotNull(depths.Current());
        Assert.Equal(2, Volatile.Read(ref reads));
    }

    [Fact]
    public void QueueDepths_StoreHangs_ScrapeReturnsWithinTheBoundAndStartsOneRead()
    {
        var time = new FakeTimeProvider();
        var reads = 0;
        var never = new TaskCompletionSource<StoreStats>();
        var depths = new QueueDepths(_ =>
        {
            Interlocked.Increment(ref reads);
            return never.Task;
        }, time, NullLogger<QueueDepths>.Instance, TimeSpan.FromMilliseconds(20));

        Assert.Null(depths.Current());
        Assert.Null(depths.Current());
        Assert.Equal(1, Volatile.Read(ref reads));

        never.SetResult(EmptyStats());
        Assert.True(SpinWait.SpinUntil(() => depths.Current() is not null, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void QueueDepths_ReadFails_KeepsThePreviousStatistics()
    {
        var time = new FakeTimeProvider();
        var fail = false;
        var first = EmptyStats();
        var depths = new QueueDepths(
            _ => Volatile.Read(ref fail) ? Task.FromException<StoreStats>(new StoreUnavailableException("disk gone")) : Task.FromResult(first),
            time, NullLogger<QueueDepths>.Instance, TimeSpan.FromSeconds(10));
        Assert.Same(first, depths.Current());

        Volatile.Write(ref fail, true);
        time.Advance(QueueDepths.MaxAge);

        Assert.Same(first, depths.Current());
    }

    [Fact]
    public async Task WriterCounters_RealStore_BusyTimeIncludesTheOperationsAndTheCommit_BatchesAndOperationsCounted()
    {
        await using var temp = TempStore.Create();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new HubMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            new QueueDepths(temp.Store, temp.Time, NullLogger<QueueDepths>.Instance), temp.Store);
        using var before = new MetricsRecorder(metrics);
        before.RecordObservables();
        var busyBefore = before.Sum(HubMetrics.WriterBusyName);
        var batchesBefore = before.Sum(HubMetrics.WriterBatchesName);
        var operationsBefore = before.Sum(HubMetrics.WriterOperationsName);

        // An operation that takes 3 s on the store's clock, and a submission: the writer's clock must count both.
        await temp.Store.WriteAsync(
            _ =>
            {
                temp.Time.Advance(TimeSpan.FromSeconds(3));
                return 0;
            },
            CancellationToken.None);
        await temp.Store.SubmitAsync(Make(FR, 1, DE));
        using var after = new MetricsRecorder(metrics);
        after.RecordObservables();

        Assert.Equal(3, after.Sum(HubMetrics.WriterBusyName) - busyBefore, precision: 3);
        Assert.InRange(after.Sum(HubMetrics.WriterCommitName), 0, after.Sum(HubMetrics.WriterBusyName));
        Assert.Equal(2, after.Sum(HubMetrics.WriterBatchesName) - batchesBefore);
        Assert.Equal(2, after.Sum(HubMetrics.WriterOperationsName) - operationsBefore);

        // Each of the two batches' COMMIT is one histogram measurement (the fake clock does not move inside COMMIT).
        Assert.Equal([0d, 0d], before.Measurements.Where(m => m.Instrument == HubMetrics.WriterCommitDurationName).Select(m => m.Value));
    }

    private static HubMetrics NewMetrics(IServiceProvider services, Func<CancellationToken, Task<StoreStats>> read, TimeProvider time) =>
        new(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            new QueueDepths(read, time, NullLogger<QueueDepths>.Instance, TimeSpan.FromSeconds(10)), () => default);

    private static StoreStats EmptyStats() => new([], 0, 0, new Dictionary<RejectionReason, long>());
}
