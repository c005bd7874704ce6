using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Search;

/// <summary>Messages built for search and list tests from the shared samples, each with what a test looks for.</summary>
internal static class IndexedMessages
{
    /// <summary>The minimal sample with its own reference, handling code and crime types.</summary>
    public static HstMessage Labelled(DateTimeOffset now, string reference, HandlingCode handling, params CrimeType[] crimeTypes)
    {
        var message = SampleMessages.Minimal(now);
        message.Case.Reference = reference;
        message.Case.Title = "Title of " + reference;
        message.Case.CrimeTypes.Clear();
        message.Case.CrimeTypes.AddRange(crimeTypes);
        message.Handling.Code = handling;
        return message;
    }

    /// <summary>The minimal sample with one person: the given name parts, phones and addresses.</summary>
    public static HstMessage WithPerson(DateTimeOffset now, string reference, Person person)
    {
        var message = Labelled(now, reference, HandlingCode.H1, CrimeType.MigrantSmuggling);
        message.Persons.Add(person);
        return message;
    }

    public static Person Named(string family, string given = "") => new()
    {
        Role = PersonRole.Facilitator,
        Name = new PersonName { FamilyNameLatin = family, GivenNamesLatin = given },
    };
}
