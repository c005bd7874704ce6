using HstFederation.Entities;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// What one message contributes to a network report: its persons (entities 0..P-1, in message order) and
/// organisations (P..), the links it states between them — its relations between persons and organisations (a
/// relation between two phones or e-mails links the persons holding them; relations to conveyances, accounts,
/// routes or incidents are not part of the network) and each organisation's members (<c>MEMBER_OF</c>) — and its
/// normalised entities (<see cref="EntityExtractor"/>, docs/matching.md), by which the builder finds the same
/// person or organisation in other messages. Relations are named by their type without the prefix, e.g. <c>LEADS</c>.
/// </summary>
internal sealed class NetworkDigest
{
    public const string MemberOf = "MEMBER_OF";

    private static readonly Google.Protobuf.Reflection.EnumDescriptor RelationTypes =
        HstMessageReflection.Descriptor.EnumTypes.Single(e => e.Name == nameof(RelationType));

    private readonly int _persons;
    private readonly IReadOnlyList<int?> _holders;

    private NetworkDigest(IReadOnlyList<NetworkEntity> entities, IReadOnlyList<NetworkLink> links, MessageEntities matchable, int persons, IReadOnlyList<int?> holders)
    {
        Entities = entities;
        Links = links;
        Matchable = matchable;
        _persons = persons;
        _holders = holders;
    }

    public IReadOnlyList<NetworkEntity> Entities { get; }

    public IReadOnlyList<NetworkLink> Links { get; }

    /// <summary>The message's entities as the matcher sees them (paths such as <c>persons[0].phones[1]</c>).</summary>
    public MessageEntities Matchable { get; }

    public static NetworkDigest Of(HstMessage message, PartyId sender)
    {
        var persons = message.Persons.Count;
        var entities = new List<NetworkEntity>(persons + message.Organisations.Count);
        entities.AddRange(message.Persons.Select(person =>
            new NetworkEntity(NetworkNodeKind.Person, EntityLabels.Person(person), Countries(person.Nationalities, sender))));
        entities.AddRange(message.Organisations.Select(organisation =>
            new NetworkEntity(NetworkNodeKind.Organisation, EntityLabels.Organisation(organisation), Countries(organisation.CountriesOfOperation, sender))));

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

        var holders = message.FinancialIdentifiers
            .Select(f => f.HasHolderPersonIndex && f.HolderPersonIndex < persons ? (int?)f.HolderPersonIndex : null)
            .ToList();
        return new NetworkDigest(entities, links.ToList(), EntityExtractor.Extract(message, sender.Code), persons, holders);
    }

    /// <summary>
    /// The entity a matcher path belongs to: <c>persons[i]</c> and anything under it is person i,
    /// <c>organisations[j]</c> organisation j, <c>financial_identifiers[k]</c> its holder if the message names one;
    /// anything else (a conveyance, an account without holder) is no person or organisation.
    /// </summary>
    public int? EntityAt(string path)
    {
        if (Index(path, "persons[") is { } person && person < _persons)
        {
            return person;
        }

        if (Index(path, "organisations[") is { } organisation && _persons + organisation < Entities.Count)
        {
            return _persons + organisation;
        }

        return Index(path, "financial_identifiers[") is { } financial && financial < _holders.Count ? _holders[financial] : null;
    }

    /// <summary>The relation type as the proto names it, without its prefix: "MEMBER_OF", "LEADS" ….</summary>
    public static string RelationName(RelationType type)
    {
        var name = RelationTypes.FindValueByNumber((int)type)?.Name ?? "RELATION_TYPE_OTHER";
        return name.StartsWith("RELATION_TYPE_", StringComparison.Ordinal) ? name["RELATION_TYPE_".Length..] : name;
    }

    private static int? Index(string path, string prefix)
    {
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = path.IndexOf(']', prefix.Length);
        return end > prefix.Length && int.TryParse(path.AsSpan(prefix.Length, end - prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
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
