using HstFederation.LoadGenerator.Results;

namespace HstFederation.LoadGenerator.Measure;

/// <summary>
/// The CPU time of a process's tiered-compilation thread over a phase, read every <c>interval</c> rather than only at
/// the phase's ends: the runtime ends that thread once it has been idle a few seconds, and a reading at the end alone
/// would lose whatever an ended thread did earlier in the phase. Off Linux it measures nothing (zero).
/// </summary>
internal sealed class TieredJitMeter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly int _pid;
    private IReadOnlyDictionary<int, ThreadSchedule> _last;
    private double _seconds;

    public TieredJitMeter(int pid, TimeSpan interval)
    {
        _pid = pid;
        _last = ThreadSchedules.Read(pid);
        _loop = Task.Run(() => PeriodicSampling.RunAsync(interval, Read, _stop.Token));
    }

    /// <summary>Stops sampling, takes a last reading and returns the CPU seconds the thread(s) used since the start.</summary>
    public async Task<double> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Read();
        return _seconds;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private void Read()
    {
        var now = ThreadSchedules.Read(_pid);
        if (now.Count == 0)
        {
            return; // the process is gone: keep what was counted
        }

        _seconds += SchedulingFigures.TieredJitCpuBetween(_last, now);
        _last = now;
    }
}
