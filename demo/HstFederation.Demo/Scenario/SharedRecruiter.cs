using Google.Protobuf.WellKnownTypes;
using HstFederation.Protocol.V1;
using static HstFederation.Demo.Scenario.ScenarioHandling;

namespace HstFederation.Demo.Scenario;

/// <summary>
/// Two NCBs that do not know of each other's case report the same recruiter: IT (to DE, H2, the hub may read) as
/// "Aleksandr PETROV", born 12 April 1979, and ES (to FR, H1, the hub may read) as "Alexandr PETROW",
/// born 4 December 1979 (day and month swapped), with the same Italian mobile written another way. Neither name is
/// spelled like the other, so only the hub's normalised matching connects them. Every person, number and place of
/// this scenario is invented; dates derive from <c>now</c>.
/// </summary>
internal static class SharedRecruiter
{
    public static string ItalianReference(DateTimeOffset now) => $"IT-SCO-{now.Year}-1143";

    public static string SpanishReference(DateTimeOffset now) => $"ES-UCRIF-{now.Year}-0290";

    /// <summary>IT's report to DE: a forced-labour case, Chişinău → Bucharest → Foggia; ES is not told.</summary>
    public static HstMessage Italian(DateTimeOffset now)
    {
        var message = new HstMessage
        {
            Case = new Case
            {
                Reference = ItalianReference(now),
                Title = "Forced labour in tomato harvesting, province of Foggia",
                Summary = "Workers recruited in Moldova with false job offers were moved by minibus through Romania to farms near Foggia, "
                    + "where their passports were taken and wages withheld against travel debts; DE is asked about a payment account in Munich.",
                Status = CaseStatus.OpenInvestigation,
                ContactPoint = "SCO duty officer, NCB Rome",
                Language = "en",
                CrimeTypes = { CrimeType.TraffickingForcedLabour },
            },
            Handling = For(now, HandlingCode.H2, SourceReliability.B, InformationAccuracy._2, hubMayRead: true,
                "H2: no onward dissemination without the consent of NCB Rome.", "DE"),
        };
        message.Incidents.Add(new Incident
        {
            OccurredAt = Timestamp.FromDateTimeOffset(now.AddDays(-20)),
            Place = Place("IT", "Foggia"),
            Description = "Labour inspection found 14 workers without documents in a farm dormitory.",
            PersonsTrafficked = 14,
        });
        message.Persons.Add(new Person
        {
            Role = PersonRole.Recruiter,
            Name = new PersonName { OriginalScript = "Александр Петров", Script = "Cyrl", FamilyNameLatin = "PETROV", GivenNamesLatin = "Aleksandr" },
            Sex = Sex.Male,
            DateOfBirth = Date(1979, 4, 12),
            Nationalities = { "MD" },
            Phones = { RecruiterPhoneItaly },
            Remarks = "Runs the job advertisements; collects the workers' passports on arrival.",
        });
        message.Routes.Add(Route("Chişinău – Bucharest – Foggia", Place("MD", "Chişinău"), Place("RO", "Bucharest"), Place("IT", "Foggia")));
        message.ModusOperandi.Add(new ModusOperandi { Code = ModusOperandiCode.FalseJobOffer, Description = "Advertised harvest work at 9 EUR an hour." });
        return message;
    }

    /// <summary>ES's report to FR: the same recruiter, spelled from another transliteration, supplying a farm near Almería.</summary>
    public static HstMessage Spanish(DateTimeOffset now)
    {
        var message = new HstMessage
        {
            Case = new Case
            {
                Reference = SpanishReference(now),
                Title = "Recruitment for greenhouse labour, Almería",
                Summary = "A recruiter sends Moldovan workers through Romania and France to greenhouses near Almería; FR is asked about "
                    + "the minibus seen at the Le Perthus crossing.",
                Status = CaseStatus.Intelligence,
                ContactPoint = "UCRIF duty officer, NCB Madrid",
                Language = "en",
                CrimeTypes = { CrimeType.TraffickingForcedLabour },
            },
            Handling = For(now, HandlingCode.H1, SourceReliability.B, InformationAccuracy._3, hubMayRead: true,
                "H1: within the addressees only.", "FR"),
        };
        message.Case.Requests.Add(new Request { Type = RequestType.Information, PersonIndex = 0, Details = "Crossings of the minibus at Le Perthus." });
        message.Persons.Add(new Person
        {
            Role = PersonRole.Recruiter,
            Name = new PersonName { FamilyNameLatin = "PETROW", GivenNamesLatin = "Alexandr" },
            Sex = Sex.Male,
            DateOfBirth = Date(1979, 12, 4),
            Nationalities = { "MD" },
            Phones = { RecruiterPhoneSpain },
        });
        message.Routes.Add(Route("Chişinău – Bucharest – Le Perthus – Almería", Place("MD", "Chişinău"), Place("RO", "Bucharest"), Place("FR", "Le Perthus"), Place("ES", "Almería")));
        return message;
    }

    /// <summary>One Italian mobile, as each NCB wrote it: both normalise to +393204187765.</summary>
    public const string RecruiterPhoneItaly = "+39 320 418 7765";

    public const string RecruiterPhoneSpain = "0039 320 4187765";

    private static Route Route(string name, params Place[] stops)
    {
        var route = new Route { Name = name };
        for (var i = 0; i + 1 < stops.Length; i++)
        {
            route.Legs.Add(new RouteLeg { From = stops[i], To = stops[i + 1], TransportMode = TransportMode.Road });
        }

        return route;
    }
}
