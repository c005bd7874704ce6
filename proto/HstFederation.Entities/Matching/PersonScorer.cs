using System.Globalization;
using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Matching;

/// <summary>
/// Scores a pair of persons (docs/matching.md §3): the best-agreeing pair of their name forms, date of
/// birth, nationality and shared strong identifiers, each a <see cref="MatchFactor"/> with a signed
/// contribution. The score is their sum clamped to 0..1; when clamping changes it, a "bounds" factor
/// carries the difference so the factors always sum to the score.
/// </summary>
internal static class PersonScorer
{
    public static (double Score, List<MatchFactor> Factors) Score(PreparedPerson yours, PreparedPerson theirs, MatchingOptions options)
    {
        var factors = BestNames(yours, theirs, options);
        var (dobAgreement, dob) = BirthDateAgreement.Compare(yours.DateOfBirth, theirs.DateOfBirth, options);
        factors.Add(Factor("date_of_birth", dobAgreement, dob));
        factors.Add(Nationality(yours.Nationalities, theirs.Nationalities, options));
        if (SharedIdentifiers(yours, theirs, options) is { } shared)
        {
            factors.Add(shared);
        }

        var sum = factors.Sum(f => f.Contribution);
        var score = Math.Clamp(sum, 0, 1);
        if (score != sum)
        {
            factors.Add(Factor("bounds", score == 1 ? "capped at 1" : "floored at 0", score - sum));
        }

        return (score, factors);
    }

    /// <summary>
    /// Whether the pair could reach the threshold if its names agreed fully: the cheap fields first, so the
    /// blocked candidates whose birth dates disagree are dropped before any name is compared.
    /// </summary>
    public static bool CanReach(PreparedPerson yours, PreparedPerson theirs, MatchingOptions options)
    {
        var (_, dob) = BirthDateAgreement.Compare(yours.DateOfBirth, theirs.DateOfBirth, options);
        var bound = options.FamilyNameWeight + options.GivenNamesWeight + dob + Math.Max(0, options.NationalityAgrees)
            + (yours.Identifiers.Length > 0 && theirs.Identifiers.Length > 0 ? options.SharedIdentifierCap : 0);
        return bound >= options.PersonThreshold;
    }

    private static List<MatchFactor> BestNames(PreparedPerson yours, PreparedPerson theirs, MatchingOptions options)
    {
        List<MatchFactor>? best = null;
        var bestTotal = double.NegativeInfinity;
        foreach (var a in yours.Names)
        {
            foreach (var b in theirs.Names)
            {
                var factors = CompareNames(a, b, options);
                var total = factors.Sum(f => f.Contribution);
                if (total > bestTotal)
                {
                    (best, bestTotal) = (factors, total);
                }
            }
        }

        return best ?? [Factor("name", "missing", 0)];
    }

    private static List<MatchFactor> CompareNames(PreparedName a, PreparedName b, MatchingOptions options)
    {
        var via = Via(a.Source, b.Source);
        if (a.Split && b.Split && a.Family.Length > 0 && b.Family.Length > 0)
        {
            var family = NameSimilarity.Lists(a.Family, b.Family, a.FamilyJoined, b.FamilyJoined)!.Value;
            var given = NameSimilarity.Lists(a.Given, b.Given, a.GivenJoined, b.GivenJoined);
            if (given is null)
            {
                var weight = options.FamilyNameWeight + (options.GivenNamesWeight * options.MissingGivenNamesShare);
                return [Similar("family_name", family, weight, options, via), Factor("given_names", "missing", 0)];
            }

            var straight = Contribution(family, options.FamilyNameWeight, options) + Contribution(given.Value, options.GivenNamesWeight, options);
            var swappedFamily = NameSimilarity.Aligned(a.Family, b.Given);
            var swappedGiven = NameSimilarity.Aligned(a.Given, b.Family);
            var swapped = Contribution(swappedFamily, options.FamilyNameWeight, options) + Contribution(swappedGiven, options.GivenNamesWeight, options);
            return swapped > straight
                ? [Similar("family_name", swappedFamily, options.FamilyNameWeight, options, Join(via, "family and given names swapped")),
                   Similar("given_names", swappedGiven, options.GivenNamesWeight, options, Join(via, "family and given names swapped"))]
                : [Similar("family_name", family, options.FamilyNameWeight, options, via),
                   Similar("given_names", given.Value, options.GivenNamesWeight, options, via)];
        }

        // One side knows no family/given split (original script only): the whole name, in any token order.
        var whole = Math.Max(NameSimilarity.Aligned(a.All, b.All),
            Math.Max(NameSimilarity.Tokens(a.Joined, b.Joined), NameSimilarity.Tokens(a.Joined, b.JoinedSwapped)));
        return [Similar("name", whole, options.FamilyNameWeight + options.GivenNamesWeight, options, via)];
    }

    private static double Contribution(double similarity, double weight, MatchingOptions options) =>
        Math.Max(-weight, weight * (similarity - options.NameSimilarityFloor) / (1 - options.NameSimilarityFloor));

    private static MatchFactor Similar(string field, double similarity, double weight, MatchingOptions options, string? via)
    {
        var agreement = similarity >= 0.99995 ? "exact" : similarity < options.NameSimilarityFloor
            ? "disagrees " + similarity.ToString("0.00", CultureInfo.InvariantCulture)
            : "similar " + similarity.ToString("0.00", CultureInfo.InvariantCulture);
        return Factor(field, via is null ? agreement : $"{agreement} ({via})", Contribution(similarity, weight, options));
    }

    /// <summary>Which forms were compared, when not the two main Latin names: "aliases[0] / name.original_script".</summary>
    private static string? Via(string a, string b) => a == "name" && b == "name" ? null : $"{a} / {b}";

    private static string Join(string? via, string text) => via is null ? text : via + "; " + text;

    private static MatchFactor Nationality(IReadOnlyList<string> a, IReadOnlyList<string> b, MatchingOptions options)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return Factor("nationality", "missing", 0);
        }

        var common = a.Intersect(b, StringComparer.Ordinal).ToList();
        return common.Count > 0
            ? Factor("nationality", "agrees " + string.Join(",", common), options.NationalityAgrees)
            : Factor("nationality", "disagrees", options.NationalityDisagrees);
    }

    private static MatchFactor? SharedIdentifiers(PreparedPerson a, PreparedPerson b, MatchingOptions options)
    {
        if (a.Identifiers.Length == 0 || b.Identifiers.Length == 0)
        {
            return null;
        }

        var shared = a.Identifiers.Intersect(b.Identifiers).ToList();
        if (shared.Count == 0)
        {
            return null;
        }

        var kinds = string.Join(", ", shared.Select(s => KindNames.Field(s.Kind)));
        return Factor("shared_identifier", $"{shared.Count} shared: {kinds}", Math.Min(options.SharedIdentifierCap, shared.Count * options.SharedIdentifier));
    }

    public static MatchFactor Factor(string field, string agreement, double contribution) =>
        new() { Field = field, Agreement = agreement, Contribution = contribution };
}
