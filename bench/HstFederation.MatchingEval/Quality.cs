using System.Globalization;
using System.Text;
using HstFederation.Entities.Evaluation;

namespace HstFederation.MatchingEval;

/// <summary>The precision / recall part of the report.</summary>
internal static class Quality
{
    public static void Write(StringBuilder report, CorpusEvaluation.Result result, double threshold, EvalOptions options)
    {
        var i = CultureInfo.InvariantCulture;
        report.AppendLine(i, $"Corpus: {options.Persons:N0} identities, seed {options.Seed}: {result.Indexed:N0} indexed persons, {result.Queries:N0} queries ({(int)(options.Persons * EvaluationCorpus.UnmatchedQueryShare):N0} without a true match).");
        report.AppendLine();
        var chosen = result.Rows.Single(r => Math.Abs(r.Threshold - threshold) < 1e-9);
        report.AppendLine(i, $"At the default threshold {threshold:0.00}: **precision {chosen.Precision:P1}, recall {chosen.Recall:P1}** ({chosen.TruePositives:N0} true matches found, {chosen.FalsePositives:N0} false, {chosen.FalseNegatives:N0} missed).");
        report.AppendLine();
        report.AppendLine("| threshold | precision | recall | true | false | missed |");
        report.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in result.Rows)
        {
            report.AppendLine(i, $"| {row.Threshold:0.00} | {row.Precision:P1} | {row.Recall:P1} | {row.TruePositives:N0} | {row.FalsePositives:N0} | {row.FalseNegatives:N0} |");
        }

        report.AppendLine();
        report.AppendLine(i, $"Matching all {result.Queries:N0} queries took {result.MatchTime.TotalSeconds:0.0} s ({result.MatchTime.TotalMilliseconds / Math.Max(1, result.Queries):0.00} ms each).");
        report.AppendLine();
    }
}
