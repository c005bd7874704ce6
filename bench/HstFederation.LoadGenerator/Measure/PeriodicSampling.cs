namespace HstFederation.LoadGenerator.Measure;

/// <summary>The loop of the samplers that watch the hub while a phase runs (<see cref="RssSampler"/>, <see cref="TieredJitMeter"/>).</summary>
internal static class PeriodicSampling
{
    /// <summary>Calls <paramref name="sample"/> at once and then every <paramref name="interval"/> until <paramref name="stop"/> is cancelled.</summary>
    public static async Task RunAsync(TimeSpan interval, Action sample, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                sample();
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The phase ended.
        }
    }
}
