using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using static HstFederation.Hub.Tests.Products.TestSources;

namespace HstFederation.Hub.Tests.Products;

public sealed class NetworkBuilderTests
{
    [Fact]
    public void Build_OneMessage_PersonsOrganisationsRelationsAndMembership()
    {
        var report = Build(ProductKind.Network, "FR", Source("FR", [], SampleMessages.Realistic(Start))).Network;

        Assert.Equal(["p1", "p2", "p3", "p4", "o1"], report.Nodes.Select(n => n.Id));
        Assert.Equal("Mohamed Ali AL-SALHI", report.Nodes[0].Label);
        Assert.Equal(["FR", "LY"], report.Nodes[0].Countries);
        Assert.Equal(["FR", "IT", "LY", "TN"], report.Nodes[4].Countries);
        Assert.Equal(NetworkNodeKind.Organisation, report.Nodes[4].Kind);
        var edges = report.Edges.Select(e => $"{e.From}-{e.Relation}-{e.To}").ToHashSet();
        Assert.Contains("p1-LEADS-o1", edges);
        Assert.Contains("p2-MEMBER_OF-o1", edges);
        Assert.Contains("p3-MEMBER_OF-o1", edges);

        // Listed as a member too (member_person_indexes), beside the LEADS relation.
        Assert.Contains("p1-MEMBER_OF-o1", edges);

        // A relation between two persons' phones links the persons.
        Assert.Contains("p3-ASSOCIATE_OF-p1", edges);

        // Relations to conveyances, accounts, routes and incidents are not part of the network.
        Assert.Equal(5, report.Edges.Count);
        Assert.All(report.Edges, e => Assert.Equal(1u, e.Messages));
    }

    [Fact]
    public void Build_TheSamePersonReportedByTwoCountriesUnderOtherSpellings_IsOneNode()
    {
        var fromFrance = new HstMessage { Persons = { Person("Mohamed Ali", "AL-SALHI", passport: "LY7731902", nationalities: "LY") } };
        var fromItaly = new HstMessage { Persons = { Person("Mohammed", "ALSALHI", passport: "ly 773-1902") } };

        var report = Build(ProductKind.Network, "IT", Source("FR", ["IT"], fromFrance), Source("IT", [], fromItaly, day: 2)).Network;

        var node = Assert.Single(report.Nodes);
        Assert.Equal(("p1", "Mohamed Ali AL-SALHI", 2u), (node.Id, node.Label, node.Messages));
        Assert.Equal(["FR", "IT", "LY"], node.Countries);
    }

    [Fact]
    public void Build_OnePersonSpelledDifferentlyInTwoCountriesWithoutASharedIdentifier_IsMergedByTheMatchersScore()
    {
        var born = new PartialDate { Year = 1979, Month = 6, Day = 2 };
        var fromGreece = new HstMessage { Persons = { new Person { Name = new PersonName { OriginalScript = "Олег Ковальчук", Script = "Cyrl" }, DateOfBirth = born, Nationalities = { "UA" } } } };
        var fromItaly = new HstMessage { Persons = { Person("Oleh", "KOVALCHUK", born: born, nationalities: "UA") } };
        var namesake = new HstMessage { Persons = { Person("Oleh", "KOVALCHUK", born: new PartialDate { Year = 1991, Month = 1, Day = 20 }, nationalities: "UA") } };

        var report = Build(ProductKind.Network, "IT", Source("GR", ["IT"], fromGreece), Source("IT", [], fromItaly, day: 2), Source("IT", [], namesake, day: 3)).Network;

        Assert.Equal([("Олег Ковальчук", 2u), ("Oleh KOVALCHUK", 1u)], report.Nodes.Select(n => (n.Label, n.Messages)));
        Assert.Equal(["GR", "IT", "UA"], report.Nodes[0].Countries);
    }

    [Fact]
    public void Build_SharedPhoneOrNameAndDateOfBirth_Merge_ANameAloneDoesNot()
    {
        var born = new PartialDate { Year = 1991, Month = 11 };
        var sources = new[]
        {
            Source("FR", ["DE"], new HstMessage { Persons = { Person("Karim", "HASSAN", phone: "+39 351 204 8817") } }, day: 1),
            Source("DE", [], new HstMessage { Persons = { Person("K.", "Hasan", phone: "0039-351-2048817") } }, day: 2),
            Source("DE", [], new HstMessage { Persons = { Person("Oleh", "KOVALCHUK", born: born) } }, day: 3),
            Source("DE", [], new HstMessage { Persons = { Person("kovalchuk", "oleh", born: born) } }, day: 4),
            Source("DE", [], new HstMessage { Persons = { Person("Oleh", "KOVALCHUK") } }, day: 5),
        };

        var report = Build(ProductKind.Network, "DE", sources).Network;

        Assert.Equal([("Karim HASSAN", 2u), ("Oleh KOVALCHUK", 2u), ("Oleh KOVALCHUK", 1u)], report.Nodes.Select(n => (n.Label, n.Messages)));
    }

    [Fact]
    public void Build_OrganisationsByNameOrAlias_MergeAcrossMessages_AndEdgesCountMessages()
    {
        var first = new HstMessage
        {
            Persons = { Person("Mohamed Ali", "AL-SALHI", passport: "LY7731902") },
            Organisations = { new Organisation { Name = "Al-Salhi network", Aliases = { "Zuwara group" }, MemberPersonIndexes = { 0 } } },
        };
        var second = new HstMessage
        {
            Persons = { Person("Mohamed", "SALHI", passport: "LY7731902") },
            Organisations = { new Organisation { Name = "ZUWARA GROUP", MemberPersonIndexes = { 0 } } },
        };

        var report = Build(ProductKind.Network, "FR", Source("FR", [], first), Source("IT", ["FR"], second, day: 2)).Network;

        Assert.Equal(2, report.Nodes.Count);
        var edge = Assert.Single(report.Edges);
        Assert.Equal(("p1", "o1", "MEMBER_OF", 2u), (edge.From, edge.To, edge.Relation, edge.Messages));
    }

    [Fact]
    public void Build_TwoRecurringPersonsNamedTogetherInTwoMessagesWithoutARelation_AreCoReported()
    {
        HstMessage Together() => new() { Persons = { Person("Karim", "HASSAN", passport: "I0837261"), Person("Oleh", "KOVALCHUK", passport: "FT204518") } };
        var linked = Together();
        linked.Relations.Add(Relation(EntityKind.Person, 0, EntityKind.Person, 1, RelationType.AssociateOf));

        var coReported = Build(ProductKind.Network, "FR", Source("FR", [], Together()), Source("FR", [], Together(), day: 2)).Network;
        var once = Build(ProductKind.Network, "FR", Source("FR", [], Together()), Source("FR", [], new HstMessage { Persons = { Person("Karim", "HASSAN", passport: "I0837261") } }, day: 2)).Network;
        var stated = Build(ProductKind.Network, "FR", Source("FR", [], Together()), Source("FR", [], linked, day: 2)).Network;

        var edge = Assert.Single(coReported.Edges);
        Assert.Equal(("p1", "p2", "CO_REPORTED", 2u), (edge.From, edge.To, edge.Relation, edge.Messages));
        Assert.Empty(once.Edges);
        Assert.Equal("ASSOCIATE_OF", Assert.Single(stated.Edges).Relation);
    }

    [Fact]
    public void Build_IdsNumberByMessagesThenFirstAppearance_IndependentOfInputOrder()
    {
        var sources = new[]
        {
            Source("FR", [], new HstMessage { Persons = { Person("A", "ONE", passport: "LY1000001"), Person("B", "TWO", passport: "LY2000002") } }, day: 1),
            Source("FR", [], new HstMessage { Persons = { Person("B", "TWO", passport: "LY2000002") }, Organisations = { new Organisation { Name = "Org" } } }, day: 2),
        };

        var forward = Build(ProductKind.Network, "FR", sources);
        var backward = Build(ProductKind.Network, "FR", sources.Reverse().ToArray());

        Assert.Equal([("p1", "B TWO"), ("p2", "A ONE"), ("o1", "Org")], forward.Network.Nodes.Select(n => (n.Id, n.Label)));
        Assert.Equal(forward, backward);
    }
}
