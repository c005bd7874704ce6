using Google.Protobuf;
using HstFederation.Hub.Products;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using static HstFederation.Hub.Tests.Products.TestSources;

namespace HstFederation.Hub.Tests.Products;

public sealed class CorridorBuilderTests
{
    [Fact]
    public void RouteCountries_LegsWithViaPlacesAndDomesticHops_AreChainedInTravelOrder()
    {
        var route = SampleMessages.Realistic(Start).Routes[0];

        Assert.Equal(["LY", "IT", "FR"], RouteCountries.Of(route));
    }

    [Fact]
    public void RouteCountries_ViaPlacesAndALegStartingElsewhere_AreTransit()
    {
        var route = Route(("SY", "TR", TransportMode.Road), ("GR", "MK", TransportMode.OnFoot));
        route.Legs[0].Via.Add(new Place { Country = "JO" });
        route.Legs[1].Via.Add(new Place { Locality = "no country" });

        Assert.Equal(["SY", "JO", "TR", "GR", "MK"], RouteCountries.Of(route));
    }

    [Fact]
    public void Build_AggregatesMessagesPersonsFatalitiesAndModes_PerCorridor()
    {
        var first = new HstMessage { Routes = { Route(("LY", "IT", TransportMode.Sea), ("IT", "FR", TransportMode.Road)) }, Incidents = { Incident(smuggled: 74, fatalities: 3) } };
        var second = new HstMessage { Routes = { Route(("LY", "IT", TransportMode.Sea), ("IT", "FR", TransportMode.Rail)) }, Incidents = { Incident(trafficked: 6, fatalities: 1) } };
        var other = new HstMessage { Routes = { Route(("TR", "GR", TransportMode.Sea)) }, Persons = { Person("A", "B", PersonRole.SmuggledMigrant), Person("C", "D", PersonRole.Victim), Person("E", "F", PersonRole.Organiser) } };

        var report = Build(ProductKind.Corridor, "FR", Source("IT", ["FR"], first), Source("FR", [], second), Source("ES", ["FR"], other)).Corridor;

        Assert.Equal(2, report.Corridors.Count);
        var main = report.Corridors[0];
        Assert.Equal(("LY", "IT", "FR"), (main.Origin, string.Join(',', main.Transit), main.Destination));
        Assert.Equal((2u, 80u, 4u), (main.Messages, main.Persons, main.Fatalities));
        Assert.Equal([TransportMode.Road, TransportMode.Rail, TransportMode.Sea], main.TransportModes);
        var aegean = report.Corridors[1];
        Assert.Equal(("TR", 0, "GR", 1u, 2u, 0u), (aegean.Origin, aegean.Transit.Count, aegean.Destination, aegean.Messages, aegean.Persons, aegean.Fatalities));
    }

    [Fact]
    public void Build_PersonsOfAMessage_AreTheLargerOfListedVictimsAndIncidentCounts_NeverTheirSum()
    {
        var listedMore = new HstMessage
        {
            Routes = { Route(("NG", "NE", TransportMode.Road)) },
            Persons = { Person("A", "B", PersonRole.Victim), Person("C", "D", PersonRole.Victim), Person("E", "F", PersonRole.Victim) },
            Incidents = { Incident(trafficked: 2) },
        };
        var countedMore = new HstMessage
        {
            Routes = { Route(("NG", "NE", TransportMode.Road)) },
            Persons = { Person("A", "B", PersonRole.SmuggledMigrant) },
            Incidents = { Incident(smuggled: 10), Incident(trafficked: 5) },
        };

        var corridor = Build(ProductKind.Corridor, "FR", Source("FR", [], listedMore), Source("FR", [], countedMore)).Corridor.Corridors.Single();

        Assert.Equal(3u + 15u, corridor.Persons);
    }

    [Fact]
    public void Build_AMessageWithTwoRoutesOnOneCorridor_CountsOnce_AndEachOfItsCorridorsCarriesItsCounts()
    {
        var message = new HstMessage
        {
            Routes =
            {
                Route(("LY", "IT", TransportMode.Sea)),
                Route(("LY", "IT", TransportMode.Air)),
                Route(("TN", "IT", TransportMode.Sea)),
            },
            Incidents = { Incident(smuggled: 40, fatalities: 2) },
        };

        var report = Build(ProductKind.Corridor, "IT", Source("IT", [], message)).Corridor;

        Assert.Equal(2, report.Corridors.Count);
        Assert.All(report.Corridors, c => Assert.Equal((1u, 40u, 2u), (c.Messages, c.Persons, c.Fatalities)));
        Assert.Equal([TransportMode.Sea, TransportMode.Air], report.Corridors.Single(c => c.Origin == "LY").TransportModes);
    }

    [Fact]
    public void Build_TiesAreOrderedByCountries_AndTheSameSourcesInAnyOrderGiveTheSameBytes()
    {
        var sources = new[] { "MA>ES", "DZ>ES", "TR>GR>MK", "LY>IT", "LY>IT" }
            .Select((key, i) =>
            {
                var countries = key.Split('>');
                var route = Route(countries.Zip(countries.Skip(1), (a, b) => (a, b, TransportMode.Sea)).ToArray());
                return Source("ES", ["FR"], new HstMessage { Routes = { route } }, day: i);
            })
            .ToArray();

        var forward = Build(ProductKind.Corridor, "FR", sources);
        var backward = Build(ProductKind.Corridor, "FR", sources.Reverse().ToArray());

        Assert.Equal(["LY", "DZ", "MA", "TR"], forward.Corridor.Corridors.Select(c => c.Origin));
        Assert.Equal(forward.ToByteArray(), backward.ToByteArray());
        Assert.Equal(sources.Select(s => s.Reference), forward.Sources);
    }

    [Fact]
    public void Build_MessagesWithoutRoutes_AreNotAmongTheSources()
    {
        var withRoute = Source("FR", [], new HstMessage { Routes = { Route(("LY", "IT", TransportMode.Sea)) } });
        var without = Source("FR", [], new HstMessage { Persons = { Person("A", "B") } });

        var product = Build(ProductKind.Corridor, "FR", withRoute, without);

        Assert.Equal([withRoute.Reference], product.Sources);
    }
}
