using HstFederation.Protocol.V1;
using static HstFederation.Entities.Tests.Messages;

namespace HstFederation.Entities.Tests.Extraction;

public sealed class EntityExtractorTests
{
    private static HstMessage Sample()
    {
        var person = Person("Karimov", "Akhmed", "Ахмед Карімов", Date(1985, 3, 11), "uz", "UZ", "x");
        person.Documents.Add(new IdentityDocument { Type = DocumentType.Passport, Number = "FA 12O4567", IssuingCountry = "UZ" });
        person.Phones.Add("not a number");
        person.Phones.Add("06 12 34 56 78");
        person.Emails.Add("A.Karimov@Example.org");
        person.OnlineHandles.Add(new OnlineHandle { Platform = "Telegram", Handle = "@akh_k" });
        person.Aliases.Add(new PersonName { OriginalScript = "Ахмад" });
        var message = With(person, Person("", "", "محمد عبد الله"));
        message.Organisations.Add(new Organisation { Name = "Balkan Express d.o.o.", Aliases = { "BALKAN EXPRESS", "Balkanski Ekspres" } });
        message.FinancialIdentifiers.Add(new FinancialIdentifier { Type = FinancialIdentifierType.Iban, Value = "DE89 3704 0044 0532 0130 00", HolderPersonIndex = 0 });
        message.FinancialIdentifiers.Add(new FinancialIdentifier { Type = FinancialIdentifierType.Iban, Value = "DE88 3704 0044 0532 0130 00" });
        message.FinancialIdentifiers.Add(new FinancialIdentifier { Type = FinancialIdentifierType.CryptoAddress, Value = "0x52908400098527886E0F7030069857D2E4169EE7" });
        message.Conveyances.Add(new Conveyance { Vessel = new Vessel { Name = "Sea Star", Imo = "9074729", Mmsi = "244660000" } });
        message.Conveyances.Add(new Conveyance { Vehicle = new Vehicle { Plate = "BG 1234 AB", PlateCountry = "RS", Vin = "" } });
        message.Conveyances.Add(new Conveyance { Flight = new Flight { FlightNumber = "TK1823" } });
        return message;
    }

    [Fact]
    public void Extract_EveryStrongIdentifier_NormalisedWithItsPath()
    {
        var entities = EntityExtractor.Extract(Sample(), "FR");

        Assert.Equal(
            [
                (MatchKind.IdentityDocument, "PASSPORT|UZ|FA1204567", "persons[0].documents[0]"),
                (MatchKind.Phone, "+33612345678", "persons[0].phones[1]"),
                (MatchKind.Email, "a.karimov@example.org", "persons[0].emails[0]"),
                (MatchKind.OnlineHandle, "telegram|akh_k", "persons[0].online_handles[0]"),
                (MatchKind.Iban, "DE89370400440532013000", "financial_identifiers[0].value"),
                (MatchKind.FinancialAccount, "ACCOUNT_NUMBER|DE88370400440532013000", "financial_identifiers[1].value"),
                (MatchKind.CryptoAddress, "0x52908400098527886e0f7030069857d2e4169ee7", "financial_identifiers[2].value"),
                (MatchKind.Vessel, "IMO:9074729", "conveyances[0].vessel.imo"),
                (MatchKind.Vessel, "MMSI:244660000", "conveyances[0].vessel.mmsi"),
                (MatchKind.Vehicle, "RS|BG1234AB", "conveyances[1].vehicle.plate"),
            ],
            entities.Identifiers.Select(i => (i.Kind, i.Value, i.Path)));
    }

    [Fact]
    public void Extract_Persons_NameFormsDateNationalitiesAndOwnIdentifiers()
    {
        var entities = EntityExtractor.Extract(Sample(), "FR");

        var person = entities.Persons[0];
        Assert.Equal("persons[0]", person.Path);
        Assert.Equal(new BirthDate(1985, 3, 11), person.DateOfBirth);
        Assert.Equal(["UZ"], person.Nationalities);
        Assert.Equal(
            [("name", true, "karimov", "akhmed"), ("aliases[0].original_script", false, "akhmad", "")],
            person.Names.Select(n => (n.Source, n.Split, string.Join(' ', n.Family), string.Join(' ', n.Given))));
        Assert.Contains(person.Identifiers, i => i.Kind == MatchKind.Iban && i.Path == "financial_identifiers[0].value");
        Assert.DoesNotContain(person.Identifiers, i => i.Kind == MatchKind.FinancialAccount);
        Assert.Equal(5, person.Identifiers.Count);

        var second = entities.Persons[1];
        Assert.Equal([("name.original_script", false, "mhmd bd llh")], second.Names.Select(n => (n.Source, n.Split, string.Join(' ', n.Tokens))));
        Assert.Null(second.DateOfBirth);
    }

    [Fact]
    public void Extract_Organisations_NormalisedNameAndDistinctAliases()
    {
        var organisation = Assert.Single(EntityExtractor.Extract(Sample(), "FR").Organisations);

        Assert.Equal("organisations[0]", organisation.Path);
        Assert.Equal("balkan express", organisation.Name);
        Assert.Equal(["balkanski ekspres"], organisation.Aliases);
    }

    [Fact]
    public void Extract_PhoneWithoutPlus_UsesTheSenderCountryThenThePersonsCountries()
    {
        var person = Person("A", "B", nationalities: "IT");
        person.Phones.Add("06 12 34 56 78");
        person.Phones.Add("351 204 8817");

        Assert.Equal(["+390612345678", "+393512048817"], EntityExtractor.Extract(With(person), null).Identifiers.Select(i => i.Value));
        Assert.Equal(["+33612345678", "+393512048817"], EntityExtractor.Extract(With(person), "FR").Identifiers.Select(i => i.Value));
    }

    [Fact]
    public void Extract_PartialDates_KeepWhatIsKnown()
    {
        Assert.Equal(new BirthDate(1990, 0, 0), ExtractAll(Person("A", "B", born: Date(1990))).Persons[0].DateOfBirth);
        Assert.Equal(new BirthDate(1990, 4, 0), ExtractAll(Person("A", "B", born: Date(1990, 4))).Persons[0].DateOfBirth);
        Assert.Null(ExtractAll(Person("A", "B", born: Date(0))).Persons[0].DateOfBirth);
    }
}
