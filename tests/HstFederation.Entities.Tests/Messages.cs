using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Tests;

/// <summary>Small message builders for the tests.</summary>
internal static class Messages
{
    public static Person Person(string family, string given, string? original = null, PartialDate? born = null, params string[] nationalities)
    {
        var person = new Person
        {
            Name = new PersonName { FamilyNameLatin = family, GivenNamesLatin = given, OriginalScript = original ?? "" },
            DateOfBirth = born,
        };
        person.Nationalities.AddRange(nationalities);
        return person;
    }

    public static PartialDate Date(uint year, uint month = 0, uint day = 0) => new() { Year = year, Month = month, Day = day };

    public static HstMessage With(params Person[] persons)
    {
        var message = new HstMessage();
        message.Persons.AddRange(persons);
        return message;
    }

    public static MessageEntities ExtractAll(params Person[] persons) => EntityExtractor.Extract(With(persons), "FR");
}
