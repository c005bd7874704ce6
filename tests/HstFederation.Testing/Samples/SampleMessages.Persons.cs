using HstFederation.Protocol.V1;

namespace HstFederation.Testing.Samples;

public static partial class SampleMessages
{
    private static IEnumerable<Person> RealisticPersons(DateTimeOffset now)
    {
        var year = (uint)now.UtcDateTime.Year;
        return
        [
            new Person
            {
                Role = PersonRole.Organiser,
                Name = new PersonName { OriginalScript = "محمد علي الصالحي", Script = "Arab", FamilyNameLatin = "AL-SALHI", GivenNamesLatin = "Mohamed Ali" },
                Aliases = { new PersonName { GivenNamesLatin = "Abu Khalil" }, new PersonName { OriginalScript = "الحاج", Script = "Arab" } },
                Sex = Sex.Male,
                DateOfBirth = new PartialDate { Year = 1984, Month = 3, Day = 17 },
                PlaceOfBirth = new Place { Country = "LY", Locality = "Zuwara" },
                Nationalities = { "LY" },
                Documents =
                {
                    new IdentityDocument
                    {
                        Type = DocumentType.Passport, Number = "LY7731902", IssuingCountry = "LY",
                        ValidFrom = new PartialDate { Year = year - 3, Month = 5, Day = 2 },
                        ValidUntil = new PartialDate { Year = year + 5, Month = 5, Day = 1 },
                        Status = DocumentStatus.Genuine,
                    },
                },
                Phones = { "+218 91 234 5678", "+216 98 765 432" },
                Emails = { "zuwara.travel@example.com" },
                OnlineHandles = { new OnlineHandle { Platform = "telegram", Handle = "@safe_sea_2_italy" } },
                Addresses = { new Address { Street = "Sharia al-Bahr", Locality = "Zuwara", Country = "LY" } },
                Remarks = "Believed to control departures from the beaches west of Zuwara.",
            },
            new Person
            {
                Role = PersonRole.Transporter,
                Name = new PersonName { OriginalScript = "Олег Ковальчук", Script = "Cyrl", FamilyNameLatin = "KOVALCHUK", GivenNamesLatin = "Oleh" },
                Sex = Sex.Male,
                DateOfBirth = new PartialDate { Year = 1979 },
                Nationalities = { "UA" },
                Documents =
                {
                    new IdentityDocument { Type = DocumentType.Passport, Number = "FT204518", IssuingCountry = "UA", Status = DocumentStatus.Genuine },
                    new IdentityDocument { Type = DocumentType.SeafarerBook, Number = "AB 031927", IssuingCountry = "UA", Status = DocumentStatus.Genuine },
                },
                Phones = { "+380 67 123 4567" },
                Remarks = "Skipper of the mother ship; recruited in Odesa.",
            },
            new Person
            {
                Role = PersonRole.Facilitator,
                Name = new PersonName { OriginalScript = "كريم محمود حسن", Script = "Arab", FamilyNameLatin = "HASSAN", GivenNamesLatin = "Karim Mahmoud" },
                Sex = Sex.Male,
                DateOfBirth = new PartialDate { Year = 1991, Month = 11 },
                Nationalities = { "EG" },
                Documents =
                {
                    new IdentityDocument
                    {
                        Type = DocumentType.ResidencePermit, Number = "I0837261", IssuingCountry = "IT",
                        ValidUntil = new PartialDate { Year = year + 1, Month = 2 }, Status = DocumentStatus.Genuine,
                    },
                },
                Phones = { "+39 351 204 8817" },
                Emails = { "k.hassan91@example.org" },
                Addresses = { new Address { Street = "Via Cigna 112", Locality = "Torino", PostalCode = "10155", Country = "IT" } },
            },
            new Person
            {
                Role = PersonRole.SmuggledMigrant,
                Name = new PersonName { FamilyNameLatin = "DIALLO", GivenNamesLatin = "Mamadou" },
                Sex = Sex.Male,
                DateOfBirth = new PartialDate { Year = 2003 },
                Nationalities = { "GN" },
                Documents =
                {
                    new IdentityDocument
                    {
                        Type = DocumentType.Passport, Number = "19AV52731", IssuingCountry = "FR",
                        ValidUntil = new PartialDate { Year = year + 4, Month = 9, Day = 30 }, Status = DocumentStatus.Fraudulent,
                    },
                },
                Remarks = "Counterfeit French passport in a false identity, bought in Torino; witness statement available.",
            },
        ];
    }
}
