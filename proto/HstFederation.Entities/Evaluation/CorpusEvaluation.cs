using System.Diagnostics;
using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Evaluation;

/// <summary>
/// Runs a corpus through an <see cref="EntityIndex"/> and counts, per threshold, the person matches that
/// are true (same identity), false, and the true matches missed (docs/matching.md §4). Matching runs once
/// at the lowest threshold of the sweep; higher thresholds filter its scores.
/// </summary>
internal static class CorpusEvaluation
{
    public sealed record Row(double Threshold, int TruePositives, int FalsePositives, int FalseNegatives)
    {
        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    }

    public sealed record Result(IReadOnlyList<Row> Rows, int Indexed, int Queries, TimeSpan MatchTime);

    public static Result Run(EvaluationCorpus corpus, MatchingOptions options, IReadOnlyList<double> thresholds)
    {
        var lowest = options.WithPersonThreshold(thresholds.Min());
        var index = new EntityIndex(lowest);
        var identities = new List<int>();
        foreach (var indexed in corpus.IndexedPersons())
        {
            index.Add(identities.Count, indexed.Entities);
            identities.Add(indexed.Identity);
        }

        var counts = thresholds.Select(t => new int[3]).ToArray();
        var queries = 0;
        var watch = Stopwatch.StartNew();
        foreach (var query in corpus.Queries())
        {
            queries++;
            var best = new Dictionary<long, double>();
            foreach (var match in index.Match(query.Entities).Where(m => m.Kind == MatchKind.Person))
            {
                best[match.DocumentId] = Math.Max(match.Score, best.GetValueOrDefault(match.DocumentId));
            }

            for (var t = 0; t < thresholds.Count; t++)
            {
                var found = false;
                foreach (var (document, score) in best)
                {
                    if (score < thresholds[t])
                    {
                        continue;
                    }

                    var correct = query.Identity >= 0 && identities[(int)document] == query.Identity;
                    counts[t][correct ? 0 : 1]++;
                    found |= correct;
                }

                if (query.Identity >= 0 && !found)
                {
                    counts[t][2]++;
                }
            }
        }

        watch.Stop();
        return new Result([.. thresholds.Select((t, i) => new Row(t, counts[i][0], counts[i][1], counts[i][2]))], identities.Count, queries, watch.Elapsed);
    }
}
