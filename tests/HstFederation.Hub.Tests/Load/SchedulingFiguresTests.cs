using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Storage;
using HstFederation.LoadGenerator.Measure;
using HstFederation.LoadGenerator.Results;

namespace HstFederation.Hub.Tests.Load;

/// <summary>The load generator's reading of the kernel's per-thread counters and the scheduling figures made from two readings.</summary>
public sealed class SchedulingFiguresTests
{
    [Fact]
    public void TryParse_ReadsNanosecondsOnACpuAndWaiting()
    {
        Assert.True(ThreadSchedules.TryParse("12500000000 3250000000 678\n", out var cpu, out var wait));
        Assert.Equal(12.5, cpu, 9);
        Assert.Equal(3.25, wait, 9);

        Assert.False(ThreadSchedules.TryParse("", out _, out _));
        Assert.False(ThreadSchedules.TryParse("12 abc 3", out _, out _));
        Assert.False(ThreadSchedules.TryParse("-12 3 4", out _, out _));
    }

    [Fact]
    public void Between_SplitsTheWritersWallTime_SumsEveryThreadsWait_AndTakesTheMeteredTieredJitCpu()
    {
        var before = new Dictionary<int, ThreadSchedule>
        {
            [10] = new(WriterLoop.ThreadName, CpuSeconds: 1, WaitSeconds: 2),
            [11] = new(".NET TP Worker", CpuSeconds: 5, WaitSeconds: 5),
            [12] = new(".NET TP Worker", CpuSeconds: 1, WaitSeconds: 1), // ends before the second reading: left out
            [13] = new("old", CpuSeconds: 9, WaitSeconds: 9), // its id reused by a new thread: counted from zero
            [15] = new(SchedulingFigures.TieredJitThreadName, CpuSeconds: 2, WaitSeconds: 0),
        };
        var after = new Dictionary<int, ThreadSchedule>
        {
            [10] = new(WriterLoop.ThreadName, CpuSeconds: 5, WaitSeconds: 7),
            [11] = new(".NET TP Worker", CpuSeconds: 8, WaitSeconds: 9),
            [13] = new("new", CpuSeconds: 1, WaitSeconds: 2),
            [14] = new(".NET TP Worker", CpuSeconds: 1, WaitSeconds: 3), // started between the readings
            [15] = new(SchedulingFigures.TieredJitThreadName, CpuSeconds: 3.5, WaitSeconds: 1),
        };

        // The JIT's CPU comes from a meter reading it all through the phase, not from these two readings.
        var figures = SchedulingFigures.Between(before, after, wallSeconds: 10, tieredJitSeconds: 2.5);

        Assert.NotNull(figures);
        Assert.Equal(0.4, figures.WriterOnCpu, 9);
        Assert.Equal(0.5, figures.WriterWaitingForCpu, 9);
        Assert.Equal(0.1, figures.WriterElsewhere, 9);
        Assert.Equal((5 + 4 + 2 + 3 + 1) / 10.0, figures.HubThreadsWaitingForCpu, 9);
        Assert.Equal(0.25, figures.TieredJitOnCpu, 9);
    }

    [Fact]
    public void TieredJitCpuBetween_ThreadEndedAndAnotherStarted_CountsOnlyTheNewOnesCpu_NeverNegative_AndAQuietWindowIsQuiet()
    {
        // The runtime ends an idle tiered-compilation thread and starts another when it has work again.
        var before = new Dictionary<int, ThreadSchedule>
        {
            [20] = new(SchedulingFigures.TieredJitThreadName, CpuSeconds: 7, WaitSeconds: 0),
            [22] = new(".NET TP Worker", CpuSeconds: 1, WaitSeconds: 0),
        };
        var after = new Dictionary<int, ThreadSchedule>
        {
            [21] = new(SchedulingFigures.TieredJitThreadName, CpuSeconds: 0.25, WaitSeconds: 0),
            [22] = new(".NET TP Worker", CpuSeconds: 9, WaitSeconds: 0),
        };

        Assert.Equal(0.25, SchedulingFigures.TieredJitCpuBetween(before, after), 9);
        Assert.Equal(0, SchedulingFigures.TieredJitCpuBetween(before, new Dictionary<int, ThreadSchedule> { [22] = before[22] }), 9);

        // A new JIT thread that got the ended one's id starts below it: nothing, not a negative time.
        var reused = new Dictionary<int, ThreadSchedule> { [20] = new(SchedulingFigures.TieredJitThreadName, CpuSeconds: 0.5, WaitSeconds: 0) };
        Assert.Equal(0, SchedulingFigures.TieredJitCpuBetween(before, reused), 9);
        Assert.False(JitSettling.IsQuiet(0.25, JitSettling.Window));
        Assert.True(JitSettling.IsQuiet(0.002, JitSettling.Window));
    }

    [Fact]
    public void Between_WithoutAWriterThread_GivesNoWriterFigures_ButStillTheWait()
    {
        var before = new Dictionary<int, ThreadSchedule> { [1] = new("other", 0, 0) };
        var after = new Dictionary<int, ThreadSchedule> { [1] = new("other", 1, 4) };

        var figures = SchedulingFigures.Between(before, after, wallSeconds: 2, tieredJitSeconds: 0);

        Assert.NotNull(figures);
        Assert.True(double.IsNaN(figures.WriterOnCpu));
        Assert.True(double.IsNaN(figures.WriterWaitingForCpu));
        Assert.Equal(2, figures.HubThreadsWaitingForCpu, 9);
    }

    [Fact]
    public void Between_WithAnEmptyReading_IsNotMeasured()
    {
        var some = new Dictionary<int, ThreadSchedule> { [1] = new("other", 0, 0) };
        var none = new Dictionary<int, ThreadSchedule>();

        Assert.Null(SchedulingFigures.Between(none, some, 1, 0));
        Assert.Null(SchedulingFigures.Between(some, none, 1, 0));
        Assert.Null(SchedulingFigures.Between(some, some, 0, 0));
    }

    [Fact]
    public async Task Read_FindsTheHubStoresWriterThreadByName_WithTheCpuItUsed()
    {
        var before = ThreadSchedules.Read(Environment.ProcessId);
        await using var temp = TempStore.Create();

        // A write runs on the writer thread, so its counters show CPU time by the time the write is answered.
        await temp.Store.WriteAsync(_ => 0, CancellationToken.None);
        var after = ThreadSchedules.Read(Environment.ProcessId);

        var started = after.Where(t => !before.ContainsKey(t.Key)).Select(t => t.Value).ToList();
        Assert.Contains(started, t => t.Name == WriterLoop.ThreadName && t.CpuSeconds > 0);
        Assert.Contains(after.Values, t => t.Name != WriterLoop.ThreadName);
    }
}
