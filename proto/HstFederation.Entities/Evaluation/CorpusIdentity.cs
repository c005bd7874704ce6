namespace HstFederation.Entities.Evaluation;

/// <summary>The script a corpus identity's names come from.</summary>
internal enum NameOrigin
{
    Cyrillic,
    Arabic,
    Greek,
    Latin,
}

/// <summary>
/// One real person of the corpus: indexes into the <see cref="NamePools"/> of its origin, a second given name
/// (or -1), the true date of birth, nationality and, for some, a phone and a passport number.
/// </summary>
internal sealed record CorpusIdentity(
    int Id,
    NameOrigin Origin,
    int Given,
    int SecondGiven,
    int Family,
    DateOnly Born,
    string Nationality,
    string? Phone,
    string? Passport);
