using System.Globalization;
using HstFederation.Entities;
using HstFederation.Entities.Evaluation;
using HstFederation.Protocol.V1;

namespace HstFederation.MatchingEval;

/// <summary><c>--misses N</c>: prints the first N true matches scored below the threshold, with their factors, for tuning.</summary>
internal static class Misses
{
    public static void Print(EvaluationCorpus corpus, MatchingOptions matching, int count)
    {
        var index = new EntityIndex(matching.WithPersonThreshold(-1));
        var truth = new Dictionary<int, long>();
        var names = new Dictionary<long, string>();
        long document = 0;
        foreach (var indexed in corpus.IndexedPersons())
        {
            if (indexed.Identity >= 0)
            {
                truth[indexed.Identity] = document;
            }

            names[document] = Describe(indexed.Entities);
            index.Add(document++, indexed.Entities);
        }

        var shown = 0;
        foreach (var query in corpus.Queries().Where(q => q.Identity >= 0))
        {
            var match = index.Match(query.Entities).FirstOrDefault(m => m.Kind == MatchKind.Person && m.DocumentId == truth[query.Identity]);
            if (match is not null && match.Score >= matching.PersonThreshold)
            {
                continue;
            }

            Console.WriteLine($"{Describe(query.Entities)}  ~  {names[truth[query.Identity]]}");
            Console.WriteLine(match is null ? "    not a candidate (blocking)" : string.Create(CultureInfo.InvariantCulture, $"    {match.Score:0.000}: ") + string.Join("; ", match.Factors.Select(f => $"{f.Field} {f.Agreement} {f.Contribution:+0.000;-0.000}")));
            if (++shown == count)
            {
                break;
            }
        }
    }

    private static string Describe(MessageEntities entities)
    {
        var person = entities.Persons[0];
        var names = string.Join(" | ", person.Names.Select(n => n.Split ? $"{string.Join(' ', n.Family)}, {string.Join(' ', n.Given)}" : string.Join(' ', n.Family)));
        return $"[{names}] {person.DateOfBirth} {string.Join(',', person.Nationalities)}";
    }
}
