using HstFederation.Entities.Extraction;
using HstFederation.Entities.Normalisation;
using HstFederation.Protocol.V1;
using static HstFederation.Entities.Extraction.EntityPaths;

namespace HstFederation.Entities;

/// <summary>
/// The entities of an <see cref="HstMessage"/> the matcher uses (docs/matching.md §1–2): strong identifiers
/// normalised, persons and organisations. A value that fails its normaliser (an invalid phone, IMO or e-mail)
/// is left out: it would match nothing reliably. Case references are not entities: the same reference in two
/// messages is a link the sources already made.
/// </summary>
public static class EntityExtractor
{
    /// <param name="senderCountry">ISO 3166-1 alpha-2 of the message's source: the first region tried for phone numbers written without '+'.</param>
    public static MessageEntities Extract(HstMessage message, string? senderCountry)
    {
        ArgumentNullException.ThrowIfNull(message);
        var identifiers = new IdentifierCollector();
        var persons = new List<PersonRecord>(message.Persons.Count);
        var holdings = FinancialHoldings(message);
        for (var i = 0; i < message.Persons.Count; i++)
        {
            var path = Item("", "persons", i);
            var own = new IdentifierCollector();
            PersonIdentifiers.Collect(own, message.Persons[i], path, senderCountry);
            foreach (var financial in holdings.Where(h => h.Holder == i))
            {
                own.Add(financial.Identifier);
            }

            identifiers.AddRange(own.Items.Where(x => !x.Path.StartsWith("financial_identifiers", StringComparison.Ordinal)));
            persons.Add(PersonRecords.Create(message.Persons[i], path, own.Items));
        }

        foreach (var financial in holdings)
        {
            identifiers.Add(financial.Identifier);
        }

        for (var i = 0; i < message.Conveyances.Count; i++)
        {
            ConveyanceIdentifiers.Collect(identifiers, message.Conveyances[i], Item("", "conveyances", i));
        }

        var organisations = new List<OrganisationRecord>(message.Organisations.Count);
        for (var i = 0; i < message.Organisations.Count; i++)
        {
            var organisation = message.Organisations[i];
            var name = OrganisationNames.Normalise(organisation.Name);
            var aliases = organisation.Aliases.Select(OrganisationNames.Normalise)
                .Where(a => a.Length > 0 && a != name).Distinct(StringComparer.Ordinal).ToList();
            if (name.Length > 0 || aliases.Count > 0)
            {
                organisations.Add(new OrganisationRecord(Item("", "organisations", i), name, aliases));
            }
        }

        return new MessageEntities(identifiers.Items, persons, organisations);
    }

    private static List<(ExtractedIdentifier Identifier, int? Holder)> FinancialHoldings(HstMessage message)
    {
        var holdings = new List<(ExtractedIdentifier, int?)>();
        for (var i = 0; i < message.FinancialIdentifiers.Count; i++)
        {
            var financial = message.FinancialIdentifiers[i];
            if (FinancialIdentifiers.Normalise(financial, Item("", "financial_identifiers", i)) is { } identifier)
            {
                var holder = financial.HasHolderPersonIndex && financial.HolderPersonIndex < message.Persons.Count
                    ? (int?)financial.HolderPersonIndex
                    : null;
                holdings.Add((identifier, holder));
            }
        }

        return holdings;
    }
}
