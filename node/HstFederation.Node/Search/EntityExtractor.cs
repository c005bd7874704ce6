using HstFederation.Protocol.V1;
using static HstFederation.Node.Search.EntityCollector;
using Route = HstFederation.Protocol.V1.Route;

namespace HstFederation.Node.Search;

/// <summary>
/// Every field of an <see cref="HstMessage"/> that identifies someone or something, and its free text, as
/// index entries. Places are not entries: a locality names no one. Paths use the proto field names, as the
/// validator's error paths do.
/// </summary>
internal static partial class EntityExtractor
{
    public static IReadOnlyList<IndexedEntity> Extract(HstMessage message)
    {
        var entities = new EntityCollector();
        if (message.Case is { } @case)
        {
            Case(entities, @case);
        }

        for (var i = 0; i < message.Incidents.Count; i++)
        {
            entities.Text(message.Incidents[i].Description, Field(Item("", "incidents", i), "description"));
        }

        for (var i = 0; i < message.Persons.Count; i++)
        {
            Person(entities, message.Persons[i], Item("", "persons", i));
        }

        for (var i = 0; i < message.Organisations.Count; i++)
        {
            Organisation(entities, message.Organisations[i], Item("", "organisations", i));
        }

        for (var i = 0; i < message.Routes.Count; i++)
        {
            Route(entities, message.Routes[i], Item("", "routes", i));
        }

        for (var i = 0; i < message.Conveyances.Count; i++)
        {
            Conveyance(entities, message.Conveyances[i], Item("", "conveyances", i));
        }

        for (var i = 0; i < message.FinancialIdentifiers.Count; i++)
        {
            var financial = message.FinancialIdentifiers[i];
            entities.Exact(SearchKind.Financial, financial.Value, Normalisation.Identifier(financial.Value),
                Qualify(Name(financial.Type), financial.Institution), Field(Item("", "financial_identifiers", i), "value"));
        }

        for (var i = 0; i < message.ModusOperandi.Count; i++)
        {
            entities.Text(message.ModusOperandi[i].Description, Field(Item("", "modus_operandi", i), "description"));
        }

        for (var i = 0; i < message.Relations.Count; i++)
        {
            entities.Text(message.Relations[i].Description, Field(Item("", "relations", i), "description"));
        }

        entities.Text(message.Handling?.Instructions ?? "", "handling.instructions");
        return entities.Entities;
    }

    private static void Case(EntityCollector entities, Case @case)
    {
        entities.Exact(SearchKind.Reference, @case.Reference, Normalisation.Identifier(@case.Reference), null, "case.reference");
        for (var i = 0; i < @case.RelatedReferences.Count; i++)
        {
            var reference = @case.RelatedReferences[i];
            entities.Exact(SearchKind.Reference, reference, Normalisation.Identifier(reference), null, Item("case", "related_references", i));
        }

        entities.Text(@case.Title, "case.title");
        entities.Text(@case.Summary, "case.summary");
        entities.Text(@case.ContactPoint, "case.contact_point");
        for (var i = 0; i < @case.Requests.Count; i++)
        {
            entities.Text(@case.Requests[i].Details, Field(Item("case", "requests", i), "details"));
        }
    }

    private static void Organisation(EntityCollector entities, Organisation organisation, string path)
    {
        entities.Words(SearchKind.Organisation, organisation.Name, Name(organisation.Kind), Field(path, "name"));
        for (var i = 0; i < organisation.Aliases.Count; i++)
        {
            entities.Words(SearchKind.Organisation, organisation.Aliases[i], Name(organisation.Kind), Item(path, "aliases", i));
        }

        entities.Text(organisation.Remarks, Field(path, "remarks"));
    }

    private static void Route(EntityCollector entities, Route route, string path)
    {
        entities.Text(route.Name, Field(path, "name"));
        for (var i = 0; i < route.Legs.Count; i++)
        {
            entities.Text(route.Legs[i].BorderCrossingPoint, Field(Item(path, "legs", i), "border_crossing_point"));
        }
    }

    /// <summary>"PASSPORT LY", "IBAN Intesa Sanpaolo": the non-blank parts joined by a space.</summary>
    private static string? Qualify(params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrWhiteSpace(p)).ToArray();
        return present.Length == 0 ? null : string.Join(' ', present);
    }

    /// <summary>The proto enum value's name without its type prefix, e.g. PASSPORT; null when unspecified.</summary>
    private static string? Name<T>(T value)
        where T : struct, Enum =>
        Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0
            ? null
            : Enum.IsDefined(value) ? ProtoName(value.ToString()) : value.ToString();

    private static string ProtoName(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) && !char.IsUpper(pascal[i - 1]) ? "_" + c : c.ToString()))
            .ToUpperInvariant();
}
