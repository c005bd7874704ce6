namespace HstFederation.Entities;

/// <summary>
/// Weights and threshold of the person matcher (docs/matching.md §3). A person score is the sum of signed
/// contributions, one per field, clamped to 0..1; a candidate is a match at <see cref="PersonThreshold"/> or
/// above. Defaults are the values measured on the evaluation corpus (docs/matching.md §4).
/// </summary>
public sealed class MatchingOptions
{
    private double _personThreshold = 0.7;

    /// <summary>The score at or above which two persons are reported as a match.</summary>
    public double PersonThreshold { get => _personThreshold; init => _personThreshold = value; }

    /// <summary>Family names: full agreement adds this; see <see cref="NameSimilarityFloor"/> for partial agreement.</summary>
    public double FamilyNameWeight { get; init; } = 0.36;

    /// <summary>Given names: full agreement adds this.</summary>
    public double GivenNamesWeight { get; init; } = 0.24;

    /// <summary>
    /// When one side has no given names, the family name carries its weight plus this share of
    /// <see cref="GivenNamesWeight"/>: a missing given name is less evidence than a matching one, not a disagreement.
    /// </summary>
    public double MissingGivenNamesShare { get; init; } = 0.4;

    /// <summary>
    /// A name similarity s (Jaro-Winkler, 0..1) contributes weight × (s − floor) / (1 − floor), at least −weight:
    /// names at the floor add nothing, names below it count against the match.
    /// </summary>
    public double NameSimilarityFloor { get; init; } = 0.75;

    public double DateOfBirthExact { get; init; } = 0.3;

    /// <summary>Both dates full, day and month swapped (03-11 vs 11-03): the commonest recording error.</summary>
    public double DateOfBirthDayMonthSwapped { get; init; } = 0.22;

    /// <summary>Year and month agree, one side has no day.</summary>
    public double DateOfBirthYearAndMonth { get; init; } = 0.15;

    /// <summary>Years agree, one side has the year only.</summary>
    public double DateOfBirthYearOnly { get; init; } = 0.08;

    /// <summary>Both dates full, two of year, month and day agree and the third differs by a typo (one digit or one year).</summary>
    public double DateOfBirthOneFieldDiffers { get; init; } = 0.05;

    /// <summary>Dates that cannot be the same (negative).</summary>
    public double DateOfBirthDisagrees { get; init; } = -0.35;

    public double NationalityAgrees { get; init; } = 0.05;

    /// <summary>No nationality in common, both sides given (negative; dual nationals are often recorded with one).</summary>
    public double NationalityDisagrees { get; init; } = -0.05;

    /// <summary>Each strong identifier the two persons share (a document, phone, e-mail …).</summary>
    public double SharedIdentifier { get; init; } = 0.35;

    /// <summary>The most shared identifiers add in total.</summary>
    public double SharedIdentifierCap { get; init; } = 0.5;

    /// <summary>These options with another threshold (an evaluation sweep matches once at its lowest).</summary>
    public MatchingOptions WithPersonThreshold(double threshold)
    {
        var copy = (MatchingOptions)MemberwiseClone();
        copy._personThreshold = threshold;
        return copy;
    }
}
