using HstFederation.Entities.Evaluation;

namespace HstFederation.Entities.Tests.Evaluation;

/// <summary>
/// Precision and recall of the default options on a 2,000-identity corpus (seed 7), against floors a little
/// under what was measured when the defaults were chosen (docs/matching.md §4). Deterministic: the corpus
/// and the matcher use no clock and no unseeded randomness.
/// </summary>
public sealed class CorpusQualityTests
{
    // Measured on this corpus at the default threshold 0.70: precision 0.993, recall 0.771.
    private const double PrecisionFloor = 0.98;
    private const double RecallFloor = 0.75;

    [Fact]
    public void DefaultThreshold_OnTheCorpus_MeetsTheMeasuredFloors()
    {
        var options = new MatchingOptions();
        var result = CorpusEvaluation.Run(new EvaluationCorpus(2000, 7), options, [options.PersonThreshold]);

        var row = Assert.Single(result.Rows);
        Assert.True(row.Precision >= PrecisionFloor, $"precision {row.Precision:0.000}");
        Assert.True(row.Recall >= RecallFloor, $"recall {row.Recall:0.000}");
    }

    [Fact]
    public void RaisingTheThreshold_TradesRecallForPrecision()
    {
        var result = CorpusEvaluation.Run(new EvaluationCorpus(500, 11), new MatchingOptions(), [0.5, 0.65, 0.8]);

        Assert.True(result.Rows[0].Recall >= result.Rows[1].Recall && result.Rows[1].Recall >= result.Rows[2].Recall);
        Assert.True(result.Rows[0].Precision <= result.Rows[1].Precision && result.Rows[1].Precision <= result.Rows[2].Precision);
    }

    [Fact]
    public void Generate_SameSeed_SameCorpus()
    {
        static byte[][] Corpus(int seed) =>
        [
            .. new EvaluationCorpus(50, seed).IndexedPersons().Select(p => p.Entities.Serialize()),
            .. new EvaluationCorpus(50, seed).Queries().Select(q => q.Entities.Serialize()),
        ];

        Assert.Equal(Corpus(3), Corpus(3));
        Assert.NotEqual(Corpus(3), Corpus(4));
    }
}
