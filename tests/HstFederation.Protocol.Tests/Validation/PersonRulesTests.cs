using HstFederation.Protocol.V1;
using HstFederation.Protocol.Validation;

namespace HstFederation.Protocol.Tests.Validation;

public sealed class PersonRulesTests
{
    public static RuleCases Cases => new()
    {
        { "role unspecified", m => m.Persons[0].Role = PersonRole.Unspecified, "persons[0].role", ErrorCodes.Required },
        { "role unknown number", m => m.Persons[0].Role = (PersonRole)11, "persons[0].role", ErrorCodes.InvalidEnum },
        { "sex unknown number", m => m.Persons[0].Sex = (Sex)7, "persons[0].sex", ErrorCodes.InvalidEnum },
        { "nothing identifying", m => { m.Persons[3].Name = null; m.Persons[3].Documents.Clear(); }, "persons[3]", ErrorCodes.Required },
        { "empty name", m => m.Persons[1].Name = new PersonName { Script = "Cyrl" }, "persons[1].name", ErrorCodes.Required },
        { "empty alias", m => m.Persons[0].Aliases[0] = new PersonName(), "persons[0].aliases[0]", ErrorCodes.Required },
        { "script not ISO 15924", m => m.Persons[0].Name.Script = "Arabic", "persons[0].name.script", ErrorCodes.InvalidFormat },
        { "name too long", m => m.Persons[1].Name.OriginalScript = new string('Ж', HstMessageLimits.MaxNameLength + 1), "persons[1].name.original_script", ErrorCodes.TooLong },
        { "nationality lower case", m => m.Persons[0].Nationalities[0] = "ly", "persons[0].nationalities[0]", ErrorCodes.InvalidCountry },
        { "nationality unassigned", m => m.Persons[1].Nationalities.Add("XX"), "persons[1].nationalities[1]", ErrorCodes.InvalidCountry },
        { "place of birth without country", m => m.Persons[0].PlaceOfBirth.Country = "", "persons[0].place_of_birth.country", ErrorCodes.Required },
        { "document type unspecified", m => m.Persons[0].Documents[0].Type = DocumentType.Unspecified, "persons[0].documents[0].type", ErrorCodes.Required },
        { "document number missing", m => m.Persons[1].Documents[1].Number = "", "persons[1].documents[1].number", ErrorCodes.Required },
        { "document issuing country missing", m => m.Persons[0].Documents[0].IssuingCountry = "", "persons[0].documents[0].issuing_country", ErrorCodes.Required },
        { "document issuing country alpha-3", m => m.Persons[0].Documents[0].IssuingCountry = "LBY", "persons[0].documents[0].issuing_country", ErrorCodes.InvalidCountry },
        { "document status unknown", m => m.Persons[3].Documents[0].Status = (DocumentStatus)6, "persons[3].documents[0].status", ErrorCodes.InvalidEnum },
        { "phone with letters", m => m.Persons[0].Phones[0] = "call +218 91", "persons[0].phones[0]", ErrorCodes.InvalidFormat },
        { "phone blank", m => m.Persons[0].Phones[1] = "  ", "persons[0].phones[1]", ErrorCodes.Required },
        { "e-mail without @", m => m.Persons[2].Emails[0] = "k.hassan91.example.org", "persons[2].emails[0]", ErrorCodes.InvalidFormat },
        { "handle without platform", m => m.Persons[0].OnlineHandles[0].Platform = "", "persons[0].online_handles[0].platform", ErrorCodes.Required },
        { "handle without handle", m => m.Persons[0].OnlineHandles[0].Handle = "", "persons[0].online_handles[0].handle", ErrorCodes.Required },
        { "empty address", m => m.Persons[2].Addresses.Add(new Address()), "persons[2].addresses[1]", ErrorCodes.Required },
        { "address country unassigned", m => m.Persons[2].Addresses[0].Country = "EU", "persons[2].addresses[0].country", ErrorCodes.InvalidCountry },
        { "too many aliases", m => m.Persons[0].Aliases.Add(Enumerable.Range(0, HstMessageLimits.MaxItemsPerPerson).Select(_ => new PersonName { GivenNamesLatin = "A" })), "persons[0].aliases", ErrorCodes.TooMany },
        { "too many phones", m => m.Persons[1].Phones.Add(Enumerable.Repeat("+380 67 000 0000", HstMessageLimits.MaxItemsPerPerson)), "persons[1].phones", ErrorCodes.TooMany },
        { "remarks too long", m => m.Persons[3].Remarks = new string('r', HstMessageLimits.MaxFreeTextLength + 1), "persons[3].remarks", ErrorCodes.TooLong },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_PersonRuleBroken_ReportsPathAndCode(RuleCase rule)
    {
        ValidationExpect.SingleError(ValidationExpect.Mutated(rule.Break), rule.Path, rule.Code);
    }

    [Fact]
    public void Validate_PersonKnownOnlyByTelegramHandle_IsValid()
    {
        var message = ValidationExpect.Mutated(m => m.Persons.Add(new Person
        {
            Role = PersonRole.Recruiter,
            OnlineHandles = { new OnlineHandle { Platform = "telegram", Handle = "@italy_jobs_now" } },
        }));

        ValidationExpect.Valid(message);
    }

    [Fact]
    public void Validate_PersonWithOnlyAnAlias_IsValid()
    {
        ValidationExpect.Valid(ValidationExpect.Mutated(m => m.Persons[3].Name = null));
    }
}
