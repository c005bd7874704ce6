using System.Diagnostics;
using System.Globalization;
using System.Text;
using HstFederation.Entities;
using HstFederation.Entities.Evaluation;

namespace HstFederation.MatchingEval;

/// <summary>
/// The scale run: an index of <c>--index-size</c> persons from the corpus generator (true identities,
/// relatives and namesakes alike), then <c>--queries</c> variant queries timed one by one.
/// </summary>
internal static class Timing
{
    public static void Run(StringBuilder report, EvalOptions options, MatchingOptions matching)
    {
        var i = CultureInfo.InvariantCulture;
        // Identities needed for the index size: each adds itself plus its expected relatives and namesakes.
        var identities = (int)(options.IndexSize / (1 + EvaluationCorpus.RelativeShare + EvaluationCorpus.NamesakeShare));
        var corpus = new EvaluationCorpus(identities, options.Seed);
        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var index = new EntityIndex(matching);
        var persons = 0;
        var start = Stopwatch.GetTimestamp();
        foreach (var indexed in corpus.IndexedPersons().Take(options.IndexSize))
        {
            index.Add(persons++, indexed.Entities);
        }

        var built = Stopwatch.GetTimestamp();
        var memory = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;

        var queries = corpus.Queries().Take(options.Queries).ToList();
        foreach (var query in queries.Take(20))
        {
            index.Match(query.Entities);
        }

        var times = new List<double>(queries.Count);
        var matches = 0;
        foreach (var query in queries)
        {
            var before = Stopwatch.GetTimestamp();
            matches += index.Match(query.Entities).Count;
            times.Add(EvalMain.Milliseconds(before, Stopwatch.GetTimestamp()));
        }

        times.Sort();
        report.AppendLine(i, $"Scale: {persons:N0} indexed persons ({index.Count:N0} entities with their identifiers), built in {EvalMain.Milliseconds(start, built) / 1000:0.0} s (extraction included), managed heap of the index {memory / (1024.0 * 1024 * 1024):0.00} GiB.");
        report.AppendLine();
        report.AppendLine(i, $"Matching one message (one person and its identifiers) against it, {times.Count:N0} queries: mean {times.Average():0.00} ms, median {Percentile(times, 0.5):0.00} ms, p95 {Percentile(times, 0.95):0.00} ms, p99 {Percentile(times, 0.99):0.00} ms, max {times[^1]:0.00} ms ({matches:N0} matches reported).");
        report.AppendLine();
        GC.KeepAlive(index);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
