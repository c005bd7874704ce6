using System.Diagnostics;

namespace HstFederation.LoadGenerator.Measure;

/// <summary>Samples a process's resident set every <c>interval</c> while a phase runs (the soak's flat-memory check).</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<double[]> _samples = [];
    private readonly Task _loop;

    public RssSampler(int pid, TimeSpan interval)
    {
        var start = Stopwatch.GetTimestamp();
        _loop = Task.Run(() => PeriodicSampling.RunAsync(interval, () =>
        {
            var sample = ProcessStats.Read(pid);
            lock (_samples)
            {
                _samples.Add([Math.Round(Stopwatch.GetElapsedTime(start).TotalSeconds, 2), sample.RssBytes]);
            }
        }, _stop.Token));
    }

    /// <summary>Pairs [seconds since the phase started, RSS bytes].</summary>
    public double[][] Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
