using HstFederation.Entities.Evaluation;
using HstFederation.Entities.Matching;
using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Tests.Evaluation;

/// <summary>Blocking only saves work: on the corpus, the index finds every pair that scoring all pairs finds.</summary>
public sealed class BlockingTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(13)]
    [InlineData(21)]
    public void Match_OnTheCorpus_FindsEveryPairThatBruteForceScoringFinds(int seed)
    {
        var options = new MatchingOptions();
        var corpus = new EvaluationCorpus(600, seed);
        var indexed = corpus.IndexedPersons().Select(p => p.Entities).ToList();
        var index = new EntityIndex(options);
        for (var i = 0; i < indexed.Count; i++)
        {
            index.Add(i, indexed[i]);
        }

        var prepared = indexed.Select(e => new PreparedPerson(e.Persons[0])).ToList();
        var expected = 0;
        foreach (var query in corpus.Queries())
        {
            var person = new PreparedPerson(query.Entities.Persons[0]);
            var bruteForce = Enumerable.Range(0, prepared.Count)
                .Where(i => PersonScorer.Score(person, prepared[i], options).Score >= options.PersonThreshold)
                .Select(i => (long)i).ToHashSet();
            var found = index.Match(query.Entities).Where(m => m.Kind == MatchKind.Person).Select(m => m.DocumentId).ToHashSet();

            var lost = bruteForce.Except(found).Select(i => Describe(indexed[(int)i]));
            Assert.True(found.IsSupersetOf(bruteForce), $"{Describe(query.Entities)} lost {string.Join(", ", lost)}");
            expected += bruteForce.Count;
        }

        Assert.True(expected > 400, $"only {expected} pairs: the corpus no longer exercises blocking");
    }

    private static string Describe(MessageEntities entities)
    {
        var person = entities.Persons[0];
        return $"[{string.Join(" | ", person.Names.Select(n => string.Join(' ', n.Family) + "/" + string.Join(' ', n.Given)))}] {person.DateOfBirth}";
    }
}
