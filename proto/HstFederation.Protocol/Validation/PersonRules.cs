using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>Persons: role, names, birth, nationalities, documents, contacts; each must be identifiable.</summary>
internal static class PersonRules
{
    public static void CheckAll(ValidationContext context, IReadOnlyList<Person> persons)
    {
        var count = ListRules.Count(context, "", "persons", persons.Count, HstMessageLimits.MaxPersons);
        for (var i = 0; i < count; i++)
        {
            Check(context, FieldPath.Item("", "persons", i), persons[i]);
        }
    }

    private static void Check(ValidationContext context, string path, Person person)
    {
        EnumRules.Required(context, path, "role", person.Role);
        var named = person.Name is not null && NameRules.Check(context, FieldPath.Field(path, "name"), person.Name);
        var aliases = ListRules.Count(context, path, "aliases", person.Aliases.Count, HstMessageLimits.MaxItemsPerPerson);
        for (var i = 0; i < aliases; i++)
        {
            NameRules.Check(context, FieldPath.Item(path, "aliases", i), person.Aliases[i]);
        }

        EnumRules.Defined(context, path, "sex", person.Sex);
        CheckBirth(context, path, person);
        CountryRules.CheckList(context, path, "nationalities", person.Nationalities, HstMessageLimits.MaxItemsPerPerson);
        var documents = ListRules.Count(context, path, "documents", person.Documents.Count, HstMessageLimits.MaxItemsPerPerson);
        for (var i = 0; i < documents; i++)
        {
            DocumentRules.Check(context, FieldPath.Item(path, "documents", i), person.Documents[i]);
        }

        ContactRules.Check(context, path, person);
        TextRules.Check(context, path, "remarks", person.Remarks, HstMessageLimits.MaxFreeTextLength);

        if (!named && person.Aliases.Count == 0 && person.Documents.Count == 0 && person.Phones.Count == 0
            && person.Emails.Count == 0 && person.OnlineHandles.Count == 0)
        {
            context.Add(path, ErrorCodes.Required,
                "A person needs identifying content: a name, an alias, a document, a phone, an e-mail or an online handle.");
        }
    }

    private static void CheckBirth(ValidationContext context, string path, Person person)
    {
        var datePath = FieldPath.Field(path, "date_of_birth");
        var year = context.Now.UtcDateTime.Year;
        if (DateRules.CheckPartial(context, datePath, person.DateOfBirth, year)
            && DateRules.Compare(person.DateOfBirth, DateRules.Today(context.Now)) > 0)
        {
            context.Add(datePath, ErrorCodes.InvalidDate, "The date of birth lies in the future.");
        }

        PlaceRules.CheckField(context, path, "place_of_birth", person.PlaceOfBirth);
    }
}
