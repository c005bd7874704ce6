using Google.Protobuf.WellKnownTypes;
using HstFederation.Protocol.V1;

namespace HstFederation.Testing.Samples;

/// <summary>
/// HST messages for tests and benchmarks. Every date is derived from <c>now</c>, so each sample passes
/// <c>HstMessageValidator.Validate(sample, now)</c> for the same <c>now</c>. All people, numbers and
/// accounts are invented.
/// </summary>
public static partial class SampleMessages
{
    /// <summary>The smallest valid message: a case, one crime type, a status, and handling addressed to IT.</summary>
    public static HstMessage Minimal(DateTimeOffset now) => new()
    {
        Case = new Case
        {
            Reference = "FR-2026-0001",
            Title = "Minimal report",
            CrimeTypes = { CrimeType.MigrantSmuggling },
            Status = CaseStatus.Intelligence,
        },
        Handling = new Handling
        {
            Code = HandlingCode.H1,
            SourceReliability = SourceReliability.X,
            InformationAccuracy = InformationAccuracy._4,
            Addressees = new Addressees { Members = { "IT" } },
            RetainUntil = Timestamp.FromDateTimeOffset(now.AddYears(5)),
        },
    };

    /// <summary>
    /// A complete report by the French NCB (OCRIEST) on a network moving migrants from Zuwara (Libya)
    /// by sea to Lampedusa, by road through Italy and on foot across the border at Menton.
    /// Persons: 0 organiser (Arabic script), 1 skipper (Cyrillic), 2 facilitator in Italy (Arabic),
    /// 3 smuggled migrant with a fraudulent French passport. Conveyances: 0 vessel, 1 van.
    /// Financial identifiers: 0 IBAN (IT), 1 bitcoin address.
    /// </summary>
    public static HstMessage Realistic(DateTimeOffset now)
    {
        var lastYear = (uint)now.UtcDateTime.Year - 1;
        return new HstMessage
        {
            Case = RealisticCase(now),
            Incidents = { RealisticIncidents((int)lastYear) },
            Persons = { RealisticPersons(now) },
            Organisations = { RealisticOrganisation() },
            Routes = { RealisticRoute(lastYear) },
            Conveyances = { RealisticConveyances() },
            FinancialIdentifiers = { RealisticFinancialIdentifiers() },
            ModusOperandi =
            {
                new ModusOperandi { Code = ModusOperandiCode.UnseaworthyBoat, Description = "Overloaded wooden fishing boats towed by a mother ship to 20 nm off Lampedusa, then released." },
                new ModusOperandi { Code = ModusOperandiCode.OnlineRecruitment, Description = "Crossings advertised on Telegram; price list in Arabic: 3,500 EUR Zuwara–Paris." },
                new ModusOperandi { Code = ModusOperandiCode.FraudulentDocuments, Description = "Counterfeit French passports supplied for the last leg, 1,200 EUR each." },
            },
            Relations = { RealisticRelations() },
            Handling = new Handling
            {
                Code = HandlingCode.H2,
                SourceReliability = SourceReliability.B,
                InformationAccuracy = InformationAccuracy._2,
                Addressees = new Addressees { Members = { "IT", "ES", "DE" }, Regions = { "north-africa" } },
                HubMayRead = true,
                RetainUntil = Timestamp.FromDateTimeOffset(now.AddYears(5)),
                Instructions = "H2: no onward dissemination without the consent of NCB Paris. Contact OCRIEST before any operational action.",
            },
        };
    }

    private static Case RealisticCase(DateTimeOffset now) => new()
    {
        Reference = $"FR-OCRIEST-{now.UtcDateTime.Year}-0412",
        Title = "Al-Salhi network: migrant smuggling Libya – Italy – France",
        Summary = "Since last spring the network has organised at least 14 crossings from Zuwara (LY) to Lampedusa (IT) " +
            "with a Libyan-flagged trawler towing wooden boats, then moved migrants by van from Sicily to Ventimiglia " +
            "and on foot across the border at Menton. Migrants pay 3,500 EUR, partly by transfer to an Italian account, " +
            "partly in bitcoin. Phone analysis links the organiser in Zuwara to a facilitator in Turin.",
        CrimeTypes = { CrimeType.MigrantSmuggling, CrimeType.DocumentFraud },
        Status = CaseStatus.OpenInvestigation,
        Requests =
        {
            new Request { Type = RequestType.Location, Details = "Current whereabouts of Mohamed Ali AL-SALHI; believed to travel to Tunis and Palermo.", PersonIndex = 0 },
            new Request { Type = RequestType.Information, Details = "Port calls and AIS history of the trawler AL HOUT 3 since January." },
            new Request { Type = RequestType.Identification, Details = "Identify the holder of the bitcoin address used for payments.", },
        },
        ContactPoint = "OCRIEST duty officer, NCB Paris, +33 1 99 00 41 20",
        Language = "en",
        RelatedReferences = { "IT-SCO-2025-00731", "HST-ES-2025-0198" },
    };

    private static IEnumerable<Incident> RealisticIncidents(int year) =>
    [
        new Incident
        {
            OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(year, 8, 12, 3, 40, 0, TimeSpan.Zero)),
            Place = new Place { Country = "IT", Locality = "Lampedusa", Coordinates = new Coordinates { Latitude = 35.5022, Longitude = 12.6097 } },
            Description = "Landing of 74 migrants from a wooden boat; the skipper was identified from crew statements.",
            PersonsSmuggled = 74,
            ConveyanceIndexes = { 0 },
        },
        new Incident
        {
            OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(year, 8, 16, 21, 15, 0, TimeSpan.Zero)),
            Place = new Place { Country = "FR", Locality = "Menton", Coordinates = new Coordinates { Latitude = 43.7747, Longitude = 7.4975 } },
            Description = "Border check at Menton-Garavan: a migrant presented a counterfeit French passport; the van turned back.",
            ConveyanceIndexes = { 1 },
        },
    ];

    private static Organisation RealisticOrganisation() => new()
    {
        Name = "Al-Salhi network",
        Aliases = { "شبكة الصالحي", "Zuwara group" },
        Kind = OrganisationKind.CriminalNetwork,
        CountriesOfOperation = { "LY", "IT", "FR", "TN" },
        MemberPersonIndexes = { 0, 1, 2 },
        Remarks = "Family-based core in Zuwara; facilitators paid per crossing.",
    };

    private static Route RealisticRoute(uint year) => new()
    {
        Name = "Zuwara – Lampedusa – Ventimiglia – Menton",
        Legs =
        {
            new RouteLeg
            {
                From = new Place { Country = "LY", Locality = "Zuwara", Coordinates = new Coordinates { Latitude = 32.9312, Longitude = 12.0819 } },
                To = new Place { Country = "IT", Locality = "Lampedusa" },
                TransportMode = TransportMode.Sea,
                DepartedOn = new PartialDate { Year = year, Month = 8, Day = 11 },
                ArrivedOn = new PartialDate { Year = year, Month = 8, Day = 12 },
                ConveyanceIndexes = { 0 },
            },
            new RouteLeg
            {
                From = new Place { Country = "IT", Locality = "Agrigento" },
                To = new Place { Country = "IT", Locality = "Ventimiglia" },
                Via = { new Place { Country = "IT", Locality = "Napoli" }, new Place { Country = "IT", Locality = "Torino" } },
                TransportMode = TransportMode.Road,
                DepartedOn = new PartialDate { Year = year, Month = 8 },
                ConveyanceIndexes = { 1 },
            },
            new RouteLeg
            {
                From = new Place { Country = "IT", Locality = "Ventimiglia" },
                To = new Place { Country = "FR", Locality = "Menton" },
                TransportMode = TransportMode.OnFoot,
                BorderCrossingPoint = "Ponte San Ludovico / Pont Saint-Louis",
            },
        },
    };

    private static IEnumerable<Conveyance> RealisticConveyances() =>
    [
        new Conveyance
        {
            Vessel = new Vessel { Name = "AL HOUT 3", Imo = "8725163", Mmsi = "642167031", Flag = "LY", VesselType = "Fishing trawler (mother ship)" },
            Remarks = "Tows two or three wooden boats; AIS switched off during crossings.",
        },
        new Conveyance
        {
            Vehicle = new Vehicle { Plate = "GH482KT", PlateCountry = "IT", MakeModel = "Fiat Ducato", Colour = "white", Vin = "ZFA25000002K41573" },
            Remarks = "Rented in Turin under a false name; 19 migrants found inside on one trip.",
        },
    ];

    private static IEnumerable<FinancialIdentifier> RealisticFinancialIdentifiers() =>
    [
        new FinancialIdentifier { Type = FinancialIdentifierType.Iban, Value = "IT41 Q030 6909 4201 0000 0004 817", Institution = "Intesa Sanpaolo", HolderPersonIndex = 2 },
        new FinancialIdentifier { Type = FinancialIdentifierType.CryptoAddress, Value = "bc1q7x9c2v4m8k3u5n6t0w2e4r7y9p3l5a8s0d2f6g", Institution = "BTC", HolderPersonIndex = 0 },
    ];

    private static IEnumerable<Relation> RealisticRelations() =>
    [
        Link(EntityKind.Person, 0, EntityKind.Organisation, 0, RelationType.Leads, "Organiser and paymaster."),
        Link(EntityKind.Person, 1, EntityKind.Organisation, 0, RelationType.MemberOf, null),
        Link(EntityKind.Person, 2, EntityKind.Organisation, 0, RelationType.MemberOf, null),
        Link(EntityKind.Person, 1, EntityKind.Conveyance, 0, RelationType.Uses, "Skipper of the mother ship."),
        Link(EntityKind.Person, 2, EntityKind.Conveyance, 1, RelationType.Uses, "Driver on at least three trips."),
        Link(EntityKind.Person, 3, EntityKind.FinancialIdentifier, 0, RelationType.Paid, "2,000 EUR by transfer before departure."),
        Link(EntityKind.Organisation, 0, EntityKind.Route, 0, RelationType.Uses, null),
        Link(EntityKind.Person, 3, EntityKind.Incident, 1, RelationType.InvolvedIn, null),
        new Relation
        {
            From = new EntityRef { Kind = EntityKind.Phone, PersonIndex = 2, Index = 0 },
            To = new EntityRef { Kind = EntityKind.Phone, PersonIndex = 0, Index = 1 },
            Type = RelationType.AssociateOf,
            Description = "127 calls and 340 messages between these numbers over four months.",
        },
    ];

    private static Relation Link(EntityKind fromKind, uint from, EntityKind toKind, uint to, RelationType type, string? description) => new()
    {
        From = new EntityRef { Kind = fromKind, Index = from },
        To = new EntityRef { Kind = toKind, Index = to },
        Type = type,
        Description = description ?? "",
    };
}
