using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Matching;

/// <summary>A person record ready to score: prepared names and the set of its strong identifiers.</summary>
internal sealed class PreparedPerson
{
    public PreparedPerson(PersonRecord record)
    {
        Record = record;
        Names = [.. record.Names.Where(n => n.Family.Count + n.Given.Count > 0).Select(n => new PreparedName(n))];
        Identifiers = [.. record.Identifiers.Select(i => (i.Kind, i.Value)).Distinct()];
    }

    public PersonRecord Record { get; }

    public PreparedName[] Names { get; }

    public (MatchKind Kind, string Value)[] Identifiers { get; }
}
