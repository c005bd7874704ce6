using Google.Protobuf.WellKnownTypes;
using HstFederation.Protocol.V1;

namespace HstFederation.DevPki.Demo;

/// <summary>The HST messages the demonstration exchanges. All names and numbers are invented.</summary>
internal static class DemoScenario
{
    /// <summary>FR reports a smuggling network on the Central Mediterranean route to IT and DE, for the hub to analyse.</summary>
    public static HstMessage NetworkReport(DateTimeOffset now)
    {
        var message = new HstMessage
        {
            Case = new Case
            {
                Reference = "FR-OCRIEST-2026-0412",
                Title = "Smuggling network moving migrants Zuwara - Lampedusa - Ventimiglia - Paris",
                Summary = "Network organises sea crossings from Zuwara and onward road transport through Italy to France.",
                Status = CaseStatus.OpenInvestigation,
                ContactPoint = "NCB Paris, duty officer",
                Language = "en",
            },
            Handling = Handling(now, HandlingCode.H2, hubMayRead: true, "IT", "DE"),
        };
        message.Case.CrimeTypes.Add(CrimeType.MigrantSmuggling);
        message.Case.Requests.Add(new Request { Type = RequestType.Identification, Details = "Identify the holder of the Italian phone number.", PersonIndex = 0 });

        var organiser = new Person
        {
            Role = PersonRole.Organiser,
            Name = new PersonName { OriginalScript = "خالد المنصوري", Script = "Arab", FamilyNameLatin = "AL MANSOURI", GivenNamesLatin = "Khaled" },
            Sex = Sex.Male,
            DateOfBirth = new PartialDate { Year = 1984, Month = 3 },
        };
        organiser.Nationalities.Add("LY");
        organiser.Phones.Add("+393491234567");
        organiser.Documents.Add(new IdentityDocument { Type = DocumentType.Passport, Number = "LY1234567", IssuingCountry = "LY", Status = DocumentStatus.Fraudulent });
        message.Persons.Add(organiser);

        var route = new Route { Name = "Central Mediterranean" };
        route.Legs.Add(new RouteLeg { From = new Place { Country = "LY", Locality = "Zuwara" }, To = new Place { Country = "IT", Locality = "Lampedusa" }, TransportMode = TransportMode.Sea });
        route.Legs.Add(new RouteLeg { From = new Place { Country = "IT", Locality = "Ventimiglia" }, To = new Place { Country = "FR", Locality = "Paris" }, TransportMode = TransportMode.Road, BorderCrossingPoint = "Ventimiglia / Menton" });
        message.Routes.Add(route);
        return message;
    }

    /// <summary>IT answers FR directly: an NCB-to-NCB exchange the hub routes but cannot read.</summary>
    public static HstMessage DirectReply(DateTimeOffset now)
    {
        var message = new HstMessage
        {
            Case = new Case
            {
                Reference = "IT-SCO-2026-1177",
                Title = "Reply to FR-OCRIEST-2026-0412: subscriber of +393491234567",
                Summary = "The number is registered to a prepaid SIM bought in Agrigento with a forged identity card.",
                Status = CaseStatus.OpenInvestigation,
            },
            Handling = Handling(now, HandlingCode.H3, hubMayRead: false, "FR"),
        };
        message.Case.CrimeTypes.Add(CrimeType.MigrantSmuggling);
        message.Case.CrimeTypes.Add(CrimeType.DocumentFraud);
        var subscriber = new Person { Role = PersonRole.Facilitator, Name = new PersonName { FamilyNameLatin = "ROSSI", GivenNamesLatin = "Marco" } };
        subscriber.Phones.Add("+393491234567");
        message.Persons.Add(subscriber);
        return message;
    }

    private static Handling Handling(DateTimeOffset now, HandlingCode code, bool hubMayRead, params string[] members)
    {
        var handling = new Handling
        {
            Code = code,
            SourceReliability = SourceReliability.B,
            InformationAccuracy = InformationAccuracy._2,
            HubMayRead = hubMayRead,
            RetainUntil = Timestamp.FromDateTimeOffset(now.AddYears(5)),
            Addressees = new Addressees(),
        };
        handling.Addressees.Members.AddRange(members);
        return handling;
    }
}
