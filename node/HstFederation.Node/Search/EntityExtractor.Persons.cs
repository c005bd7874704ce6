using HstFederation.Protocol.V1;
using static HstFederation.Node.Search.EntityCollector;

namespace HstFederation.Node.Search;

internal static partial class EntityExtractor
{
    private static void Person(EntityCollector entities, Person person, string path)
    {
        PersonName(entities, person.Name, Field(path, "name"));
        for (var i = 0; i < person.Aliases.Count; i++)
        {
            PersonName(entities, person.Aliases[i], Item(path, "aliases", i));
        }

        for (var i = 0; i < person.Documents.Count; i++)
        {
            var document = person.Documents[i];
            entities.Exact(SearchKind.Document, document.Number, Normalisation.Identifier(document.Number),
                Qualify(Name(document.Type), document.IssuingCountry), Field(Item(path, "documents", i), "number"));
        }

        var regions = PhoneRegions(person);
        for (var i = 0; i < person.Phones.Count; i++)
        {
            var phone = person.Phones[i];
            foreach (var key in PhoneKeys.ForIndex(phone, regions))
            {
                entities.Exact(SearchKind.Phone, phone, key, null, Item(path, "phones", i));
            }
        }

        for (var i = 0; i < person.Emails.Count; i++)
        {
            entities.Exact(SearchKind.Email, person.Emails[i], Normalisation.Email(person.Emails[i]), null, Item(path, "emails", i));
        }

        for (var i = 0; i < person.OnlineHandles.Count; i++)
        {
            var handle = person.OnlineHandles[i];
            entities.Words(SearchKind.Handle, handle.Handle, Blank(handle.Platform)?.Trim().ToLowerInvariant(),
                Field(Item(path, "online_handles", i), "handle"), Normalisation.Handle(handle.Handle));
        }

        for (var i = 0; i < person.Addresses.Count; i++)
        {
            var address = person.Addresses[i];
            entities.Text(Qualify(address.Street, address.PostalCode, address.Locality, address.Country) ?? "", Item(path, "addresses", i));
        }

        entities.Text(person.Remarks, Field(path, "remarks"));
    }

    /// <summary>
    /// The Latin transliteration as one entry ("FAMILY, Given") and the original script as another, so
    /// either finds the person; token order does not matter to the full-text index.
    /// </summary>
    private static void PersonName(EntityCollector entities, PersonName? name, string path)
    {
        if (name is null)
        {
            return;
        }

        var latin = (Blank(name.FamilyNameLatin), Blank(name.GivenNamesLatin)) switch
        {
            ({ } family, { } given) => family + ", " + given,
            ({ } family, null) => family,
            (null, { } given) => given,
            _ => "",
        };
        entities.Words(SearchKind.Name, latin, null, path);
        entities.Words(SearchKind.Name, name.OriginalScript, Blank(name.Script), Field(path, "original_script"));
    }

    /// <summary>
    /// Where a national-format number of this person may be from, best first: countries of their addresses,
    /// nationalities, country of birth. A number is read in a region only when it is valid there.
    /// </summary>
    private static List<string> PhoneRegions(Person person) =>
        [.. person.Addresses.Select(a => a.Country)
            .Concat(person.Nationalities)
            .Append(person.PlaceOfBirth?.Country ?? "")
            .Where(c => !string.IsNullOrWhiteSpace(c))
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
