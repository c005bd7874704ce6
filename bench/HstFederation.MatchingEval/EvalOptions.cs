using System.Globalization;

namespace HstFederation.MatchingEval;

/// <summary>
/// Command line: <c>--persons N</c> (corpus identities, default 10000), <c>--seed S</c> (default 7),
/// <c>--index-size M</c> (also time matching against an index of M persons; 0 skips), <c>--queries Q</c>
/// (timed queries, default 1000), <c>--write-docs PATH</c> (rewrite the generated section of docs/matching.md), <c>--misses N</c> (print
/// N missed true matches with their factors, for tuning).
/// </summary>
internal sealed record EvalOptions(int Persons, int Seed, int IndexSize, int Queries, string? DocsPath, int Misses = 0)
{
    public static EvalOptions Parse(string[] args)
    {
        var options = new EvalOptions(10_000, 7, 0, 1000, null);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--persons" => options with { Persons = Number(value) },
                "--seed" => options with { Seed = Number(value) },
                "--index-size" => options with { IndexSize = Number(value) },
                "--queries" => options with { Queries = Number(value) },
                "--write-docs" => options with { DocsPath = value },
                "--misses" => options with { Misses = Number(value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            i++;
        }

        return options;
    }

    private static int Number(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"Not a number: {value}");
}
