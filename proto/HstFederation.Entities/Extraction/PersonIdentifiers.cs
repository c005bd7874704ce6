using HstFederation.Entities.Normalisation;
using HstFederation.Protocol.V1;
using static HstFederation.Entities.Extraction.EntityPaths;

namespace HstFederation.Entities.Extraction;

/// <summary>A person's documents, phones, e-mails and online handles.</summary>
internal static class PersonIdentifiers
{
    public static void Collect(IdentifierCollector identifiers, Person person, string path, string? senderCountry)
    {
        for (var i = 0; i < person.Documents.Count; i++)
        {
            var document = person.Documents[i];
            identifiers.Add(MatchKind.IdentityDocument, DocumentNumbers.Normalise(document.Type, document.Number, document.IssuingCountry),
                Item(path, "documents", i));
        }

        var regions = PhoneRegions(person, senderCountry);
        for (var i = 0; i < person.Phones.Count; i++)
        {
            identifiers.Add(MatchKind.Phone, Phones.Normalise(person.Phones[i], regions), Item(path, "phones", i));
        }

        for (var i = 0; i < person.Emails.Count; i++)
        {
            identifiers.Add(MatchKind.Email, Emails.Normalise(person.Emails[i]), Item(path, "emails", i));
        }

        for (var i = 0; i < person.OnlineHandles.Count; i++)
        {
            var handle = person.OnlineHandles[i];
            identifiers.Add(MatchKind.OnlineHandle, Handles.Normalise(handle.Platform, handle.Handle), Item(path, "online_handles", i));
        }
    }

    /// <summary>
    /// Where a national-format number may be from, best first: the source's country (its officer wrote it
    /// down), then as the node's search does, the person's address countries, nationalities and country of
    /// birth. A number is read in a region only when it is valid there.
    /// </summary>
    private static List<string> PhoneRegions(Person person, string? senderCountry) =>
        [.. new[] { senderCountry ?? "" }
            .Concat(person.Addresses.Select(a => a.Country))
            .Concat(person.Nationalities)
            .Append(person.PlaceOfBirth?.Country ?? "")
            .Select(Countries.Normalise)
            .Where(c => c.Length == 2)
            .Distinct(StringComparer.Ordinal)];
}
