namespace HstFederation.Entities;

/// <summary>
/// A person of a message as the matcher sees it: every name form (name and aliases, Latin fields and the
/// transliterated original script), the partial date of birth, nationalities (ISO 3166-1 alpha-2, upper
/// case) and the person's own strong identifiers (documents, phones, e-mails, handles, and financial
/// identifiers the message says they hold). <see cref="Path"/> is e.g. <c>persons[0]</c>.
/// </summary>
public sealed record PersonRecord(
    string Path,
    IReadOnlyList<PersonNameForm> Names,
    BirthDate? DateOfBirth,
    IReadOnlyList<string> Nationalities,
    IReadOnlyList<ExtractedIdentifier> Identifiers);
