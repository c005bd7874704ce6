using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// What one message contributes to a network report: its persons (entities 0..P-1, in message order) and
/// organisations (P..), and the links it states between them — its relations between persons and
/// organisations (a relation between two phones or e-mails links the persons holding them; relations to
/// conveyances, accounts, routes or incidents are not part of the network) and each organisation's members
/// (<c>MEMBER_OF</c>). Relations are named by their type without the prefix, e.g. <c>LEADS</c>.
/// </summary>
internal sealed record NetworkDigest(IReadOnlyList<NetworkEntity> Entities, IReadOnlyList<NetworkLink> Links)
{
    public const string MemberOf = "MEMBER_OF";

    public static NetworkDigest Of(HstMessage message, PartyId sender)
    {
        var entities = new List<NetworkEntity>(message.Persons.Count + message.Organisations.Count);
        for (var i = 0; i < message.Persons.Count; i++)
        {
            var person = message.Persons[i];
            entities.Add(new NetworkEntity(
                NetworkNodeKind.Person, $"persons[{i}]", EntityKeys.PersonLabel(person),
                Countries(person.Nationalities, sender), EntityKeys.Person(person)));
        }

        foreach (var (organisation, j) in message.Organisations.Select((o, j) => (o, j)))
        {
            entities.Add(new NetworkEntity(
                NetworkNodeKind.Organisation, $"organisations[{j}]", EntityKeys.OrganisationLabel(organisation),
                Countries(organisation.CountriesOfOperation, sender), EntityKeys.Organisation(organisation)));
        }

        var persons = message.Persons.Count;
        var links = new HashSet<NetworkLink>();
        foreach (var relation in message.Relations)
        {
            if (Entity(relation.From, persons, entities.Count) is { } from && Entity(relation.To, persons, entities.Count) is { } to && from != to)
            {
                links.Add(new NetworkLink(from, to, RelationName(relation.Type)));
            }
        }

        foreach (var (organisation, j) in message.Organisations.Select((o, j) => (o, j)))
        {
            foreach (var member in organisation.MemberPersonIndexes.Where(index => index < persons))
            {
                links.Add(new NetworkLink((int)member, persons + j, MemberOf));
            }
        }

        return new NetworkDigest(entities, links.ToList());
    }

    private static readonly Google.Protobuf.Reflection.EnumDescriptor RelationTypes =
        HstMessageReflection.Descriptor.EnumTypes.Single(e => e.Name == nameof(RelationType));

    /// <summary>The relation type as the proto names it, without its prefix: "MEMBER_OF", "LEADS" ….</summary>
    public static string RelationName(RelationType type)
    {
        var name = RelationTypes.FindValueByNumber((int)type)?.Name ?? "RELATION_TYPE_OTHER";
        return name.StartsWith("RELATION_TYPE_", StringComparison.Ordinal) ? name["RELATION_TYPE_".Length..] : name;
    }

    /// <summary>The entity a reference names: a person, an organisation, or the person holding a phone or e-mail.</summary>
    private static int? Entity(EntityRef? reference, int persons, int count)
    {
        var index = reference?.Kind switch
        {
            EntityKind.Person => (long?)reference.Index,
            EntityKind.Organisation => persons + (long)reference.Index,
            EntityKind.Phone or EntityKind.Email when reference.HasPersonIndex => reference.PersonIndex,
            _ => null,
        };
        var bound = reference?.Kind == EntityKind.Organisation ? count : persons;
        return index is { } i && i < bound ? (int)i : null;
    }

    private static List<string> Countries(IEnumerable<string> own, PartyId sender) =>
        own.Select(c => c.Trim().ToUpperInvariant()).Append(sender.Code).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
