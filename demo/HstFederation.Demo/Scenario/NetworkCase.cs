using Google.Protobuf.WellKnownTypes;
using HstFederation.Protocol.V1;
using static HstFederation.Demo.Scenario.ScenarioHandling;

namespace HstFederation.Demo.Scenario;

/// <summary>
/// FR's report of a smuggling network to DE (destination) and IT (transit), readable by the General Secretariat:
/// origin Zuwara (LY), by sea to Lampedusa, by road through Italy, on foot into France at Menton, by van through
/// Strasbourg to Frankfurt am Main. Every person, number and account is invented. Dates derive from <c>now</c>, so the
/// message is valid whenever the demo runs.
/// </summary>
internal static class NetworkCase
{
    /// <summary>The driver's German mobile number and Serbian passport: what DE's search looks for.</summary>
    public const string DriverPhone = "+49 1522 3380417";
    public const string DriverPassport = "012473396";

    public static string Reference(DateTimeOffset now) => $"FR-OCRIEST-{now.Year}-0587";

    /// <summary>Why FR sends version 2 (the lineage's reason, which the hub sees: no case content).</summary>
    public const string UpdateReason = "second boat identified; count of migrants corrected";

    /// <summary>Version 2 of the report: a second boat and a corrected count; everything else as in version 1.</summary>
    public static HstMessage Updated(DateTimeOffset now)
    {
        var message = Create(now);
        message.Case.Summary = message.Case.Summary.Replace("at least 60 migrants", "at least 85 migrants", StringComparison.Ordinal)
            + " A second boat, registered in Sabratha, was used for the crossings of March.";
        return message;
    }

    public static HstMessage Create(DateTimeOffset now)
    {
        var lastYear = now.Year - 1;
        var message = new HstMessage
        {
            Case = new Case
            {
                Reference = Reference(now),
                Title = "Al-Mansouri network: migrant smuggling Libya – Italy – France – Germany",
                Summary = "Since last summer the network has moved at least 60 migrants from Zuwara (LY) by boat to Lampedusa, by road through "
                    + "Italy to Ventimiglia, on foot across the border at Menton, then by rented van through Strasbourg to Frankfurt am Main. "
                    + "The van was intercepted at Strasbourg with 11 migrants on board; the driver escaped across the Rhine bridge.",
                Status = CaseStatus.OpenInvestigation,
                ContactPoint = "OCRIEST duty officer, NCB Paris",
                Language = "en",
            },
            Handling = For(
                now, HandlingCode.H2, SourceReliability.B, InformationAccuracy._2, hubMayRead: true,
                "H2: no onward dissemination without the consent of NCB Paris.", "DE", "IT"),
        };
        message.Case.CrimeTypes.Add(CrimeType.MigrantSmuggling);
        message.Case.CrimeTypes.Add(CrimeType.DocumentFraud);
        message.Case.Requests.Add(new Request
        {
            Type = RequestType.Identification, PersonIndex = 2,
            Details = "Identify the holder of the German mobile number and his address in Germany.",
        });
        message.Case.Requests.Add(new Request { Type = RequestType.Location, PersonIndex = 0, Details = "Whereabouts of the organiser; believed to travel to Palermo." });

        message.Incidents.Add(new Incident
        {
            OccurredAt = Timestamp.FromDateTimeOffset(now.AddDays(-12)),
            Place = Place("FR", "Strasbourg"),
            Description = "Van stopped at the Pont de l'Europe checkpoint: 11 migrants inside, two with counterfeit identity cards; the driver fled on foot.",
            PersonsSmuggled = 11,
            ConveyanceIndexes = { 0 },
        });

        message.Persons.Add(Organiser());
        message.Persons.Add(Facilitator());
        message.Persons.Add(Driver());
        message.Persons.Add(Migrant());

        message.Organisations.Add(new Organisation
        {
            Name = "Al-Mansouri network",
            Aliases = { "شبكة المنصوري" },
            Kind = OrganisationKind.CriminalNetwork,
            CountriesOfOperation = { "LY", "IT", "FR", "DE" },
            MemberPersonIndexes = { 0, 1, 2 },
        });

        message.Routes.Add(new Route
        {
            Name = "Zuwara – Lampedusa – Ventimiglia – Strasbourg – Frankfurt am Main",
            Legs =
            {
                new RouteLeg { From = Place("LY", "Zuwara"), To = Place("IT", "Lampedusa"), TransportMode = TransportMode.Sea, DepartedOn = Date(lastYear, 9, 3), ArrivedOn = Date(lastYear, 9, 4) },
                new RouteLeg { From = Place("IT", "Agrigento"), To = Place("IT", "Ventimiglia"), Via = { Place("IT", "Napoli"), Place("IT", "Milano") }, TransportMode = TransportMode.Road },
                new RouteLeg { From = Place("IT", "Ventimiglia"), To = Place("FR", "Menton"), TransportMode = TransportMode.OnFoot, BorderCrossingPoint = "Ponte San Ludovico / Pont Saint-Louis" },
                new RouteLeg
                {
                    From = Place("FR", "Nice"), To = Place("DE", "Frankfurt am Main"), Via = { Place("FR", "Strasbourg"), Place("DE", "Kehl") },
                    TransportMode = TransportMode.Road, BorderCrossingPoint = "Pont de l'Europe Strasbourg / Kehl", ConveyanceIndexes = { 0 },
                },
            },
        });

        message.Conveyances.Add(new Conveyance
        {
            Vehicle = new Vehicle { Plate = "F-KM 4821", PlateCountry = "DE", MakeModel = "Renault Master", Colour = "white" },
            Remarks = "Hired in Frankfurt am Main; found abandoned at Strasbourg.",
        });
        message.ModusOperandi.Add(new ModusOperandi { Code = ModusOperandiCode.ConcealmentInVehicle, Description = "Migrants hidden behind pallets in a hired van." });
        message.ModusOperandi.Add(new ModusOperandi { Code = ModusOperandiCode.FraudulentDocuments, Description = "Counterfeit French identity cards for the last leg." });
        message.Relations.Add(new Relation
        {
            From = new EntityRef { Kind = EntityKind.Person, Index = 0 },
            To = new EntityRef { Kind = EntityKind.Organisation, Index = 0 },
            Type = RelationType.Leads,
        });
        message.Relations.Add(new Relation
        {
            From = new EntityRef { Kind = EntityKind.Person, Index = 2 },
            To = new EntityRef { Kind = EntityKind.Conveyance, Index = 0 },
            Type = RelationType.Uses,
            Description = "Driver of the van at Strasbourg.",
        });
        return message;
    }

    private static Person Organiser()
    {
        var person = new Person
        {
            Role = PersonRole.Organiser,
            Name = new PersonName { OriginalScript = "خالد المنصوري", Script = "Arab", FamilyNameLatin = "AL-MANSOURI", GivenNamesLatin = "Khaled" },
            Sex = Sex.Male,
            DateOfBirth = Date(1981, 6, 2),
            PlaceOfBirth = Place("LY", "Zuwara"),
            Nationalities = { "LY" },
            Phones = { "+218 92 511 7340", "+216 55 013 882" },
        };
        person.Documents.Add(new IdentityDocument { Type = DocumentType.Passport, Number = "LY4418207", IssuingCountry = "LY", Status = DocumentStatus.Genuine });
        return person;
    }

    private static Person Facilitator()
    {
        var person = new Person
        {
            Role = PersonRole.Facilitator,
            Name = new PersonName { FamilyNameLatin = "BENALI", GivenNamesLatin = "Youssef" },
            Sex = Sex.Male,
            DateOfBirth = Date(1990),
            Nationalities = { "MA" },
            Phones = { "+39 347 615 2290" },
            Addresses = { new Address { Locality = "Milano", Country = "IT" } },
        };
        person.Documents.Add(new IdentityDocument { Type = DocumentType.ResidencePermit, Number = "I2290413", IssuingCountry = "IT", Status = DocumentStatus.Genuine });
        return person;
    }

    private static Person Driver()
    {
        var person = new Person
        {
            Role = PersonRole.Transporter,
            Name = new PersonName { OriginalScript = "Драган Марковић", Script = "Cyrl", FamilyNameLatin = "MARKOVIĆ", GivenNamesLatin = "Dragan" },
            Sex = Sex.Male,
            DateOfBirth = Date(1986, 11),
            Nationalities = { "RS" },
            Phones = { DriverPhone },
            Remarks = "Escaped at Strasbourg; his phone was found in the van.",
        };
        person.Documents.Add(new IdentityDocument { Type = DocumentType.Passport, Number = DriverPassport, IssuingCountry = "RS", Status = DocumentStatus.Genuine });
        return person;
    }

    private static Person Migrant()
    {
        var person = new Person
        {
            Role = PersonRole.SmuggledMigrant,
            Name = new PersonName { FamilyNameLatin = "DIALLO", GivenNamesLatin = "Aminata" },
            Sex = Sex.Female,
            DateOfBirth = Date(2001),
            Nationalities = { "GN" },
            Remarks = "Witness; paid 4,000 EUR for the whole journey.",
        };
        person.Documents.Add(new IdentityDocument { Type = DocumentType.IdentityCard, Number = "X4RT8M921", IssuingCountry = "FR", Status = DocumentStatus.Fraudulent });
        return person;
    }
}
