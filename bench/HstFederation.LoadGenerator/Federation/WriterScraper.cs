using System.Diagnostics;
using HstFederation.LoadGenerator.Measure;

namespace HstFederation.LoadGenerator.Federation;

/// <summary>
/// Reads the store writer's counters from the hub's admin listener (<c>GET http://127.0.0.1:PORT/metrics</c>,
/// plain HTTP on loopback) with a short timeout. Never throws for the scrape: a hub without the counters, a
/// refused connection or a timeout give null and the reason, and the figures say "not measured". A scrape's moment
/// is when its answer arrived: the hub reads the writer counters last, after the queue gauges (which may wait up to
/// 250 ms for a store query), then only writes the text out over loopback.
/// </summary>
internal sealed class WriterScraper(int adminPort) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}"), Timeout = Timeout };

    /// <summary>Why the last scrape gave nothing, or null.</summary>
    public string? Problem { get; private set; }

    public async Task<WriterCounters?> ScrapeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var text = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
            var counters = WriterCounters.From(text, Stopwatch.GetTimestamp(), out var problem);
            Problem = problem;
            return counters;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Problem = $"scraping the hub's metrics failed: {e.GetType().Name}: {e.Message}";
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
