using Google.Protobuf;
using HstFederation.Hub.Products;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Products;

/// <summary>Hand-made HST content for the product builders: routes, persons, organisations, incidents.</summary>
internal static class TestSources
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly ProductPeriod Period = new(Start, Start.AddDays(90));

    private static int _counter;

    public static PartyId Member(string code) => PartyId.Member(code);

    /// <summary>A source sent by <paramref name="sender"/> to <paramref name="readers"/> (member codes; the hub is implied), created <paramref name="day"/> days into the period.</summary>
    public static ProductSource Source(string sender, string[] readers, HstMessage message, int day = 1, byte[]? id = null) =>
        ProductSource.Create(
            new MessageReference { Sender = Member(sender).Uri, MessageId = ByteString.CopyFrom(id ?? NewId()) },
            Start.AddDays(day).ToUnixTimeMilliseconds(),
            message,
            readers.Select(code => Member(code).Uri).Append(PartyId.Hub.Uri));

    public static byte[] NewId()
    {
        var id = new byte[MessageIds.Size];
        BitConverter.TryWriteBytes(id.AsSpan(8), Interlocked.Increment(ref _counter));
        id[6] = 0x70;
        return id;
    }

    public static Protocol.V1.Route Route(params (string From, string To, TransportMode Mode)[] legs)
    {
        var route = new Protocol.V1.Route { Name = "route" };
        route.Legs.AddRange(legs.Select(leg => new RouteLeg
        {
            From = new Place { Country = leg.From },
            To = new Place { Country = leg.To },
            TransportMode = leg.Mode,
        }));
        return route;
    }

    public static Person Person(string given, string family, PersonRole role = PersonRole.Organiser, string? passport = null, string? phone = null, PartialDate? born = null, params string[] nationalities)
    {
        var person = new Person { Role = role, Name = new PersonName { GivenNamesLatin = given, FamilyNameLatin = family }, DateOfBirth = born };
        person.Nationalities.AddRange(nationalities);
        if (passport is not null)
        {
            person.Documents.Add(new IdentityDocument { Type = DocumentType.Passport, Number = passport, IssuingCountry = "LY" });
        }

        if (phone is not null)
        {
            person.Phones.Add(phone);
        }

        return person;
    }

    public static Incident Incident(uint smuggled = 0, uint trafficked = 0, uint fatalities = 0) =>
        new() { PersonsSmuggled = smuggled, PersonsTrafficked = trafficked, Fatalities = fatalities, Place = new Place { Country = "IT" } };

    public static Relation Relation(EntityKind fromKind, uint from, EntityKind toKind, uint to, RelationType type) => new()
    {
        From = new EntityRef { Kind = fromKind, Index = from },
        To = new EntityRef { Kind = toKind, Index = to },
        Type = type,
    };

    public static AnalyticalProduct Build(ProductKind kind, string recipient, params ProductSource[] sources) =>
        ProductBuilder.Build(kind, Member(recipient), Period, sources, new byte[16], Start.AddDays(91));
}
