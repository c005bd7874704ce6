using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Matching;

/// <summary>
/// A person ready to score: prepared names, date of birth, nationalities and the set of its strong
/// identifiers. It keeps no reference to the <see cref="PersonRecord"/>, so an index holds only this.
/// </summary>
internal sealed class PreparedPerson
{
    public PreparedPerson(PersonRecord record)
        : this(record, static s => s)
    {
    }

    public PreparedPerson(PersonRecord record, Func<string, string> intern)
    {
        Path = intern(record.Path);
        DateOfBirth = record.DateOfBirth;
        Nationalities = [.. record.Nationalities.Select(intern)];
        Names = [.. record.Names.Where(n => n.Family.Count + n.Given.Count > 0).Select(n => new PreparedName(n, intern))];
        Identifiers = [.. record.Identifiers.Select(i => (i.Kind, i.Value)).Distinct()];
    }

    public string Path { get; }

    public BirthDate? DateOfBirth { get; }

    public string[] Nationalities { get; }

    public PreparedName[] Names { get; }

    public (MatchKind Kind, string Value)[] Identifiers { get; }
}
