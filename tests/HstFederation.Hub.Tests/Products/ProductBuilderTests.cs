using System.Text;
using Google.Protobuf;
using HstFederation.Hub.Products;
using HstFederation.Protocol.V1;
using static HstFederation.Hub.Tests.Products.TestSources;

namespace HstFederation.Hub.Tests.Products;

public sealed class ProductBuilderTests
{
    private const string Canary = "CANARY-7f3e";

    /// <summary>DE's message to ES alone: a route through Nauru (NR), a person and an organisation named with the canary.</summary>
    private static ProductSource Unreadable(byte[]? id = null) => Source("DE", ["ES"], new HstMessage
    {
        Routes = { Route(("NR", "IT", TransportMode.Air)) },
        Persons = { Person(Canary, "SECRET", passport: "LY7731902", phone: "+39 351 204 8817") },
        Organisations = { new Organisation { Name = Canary + " network", MemberPersonIndexes = { 0 } } },
        Incidents = { Incident(smuggled: 999, fatalities: 77) },
    }, day: 3, id: id);

    private static ProductSource Readable() => Source("FR", ["IT"], new HstMessage
    {
        Routes = { Route(("LY", "IT", TransportMode.Sea)) },
        Persons = { Person("Mohamed Ali", "AL-SALHI", passport: "LY7731902") },
        Incidents = { Incident(smuggled: 10) },
    });

    [Theory]
    [InlineData(ProductKind.Corridor)]
    [InlineData(ProductKind.Network)]
    public void Build_ForARecipientThatMayNotReadAMessage_NothingOfItReachesTheProductBytes(ProductKind kind)
    {
        var unreadableId = NewId();
        var product = Build(kind, "IT", Readable(), Unreadable(unreadableId));

        var bytes = product.ToByteArray();
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Canary)));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("SECRET")));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(unreadableId));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Member("DE").Uri)));
        Assert.Single(product.Sources);
        if (kind == ProductKind.Corridor)
        {
            var corridor = Assert.Single(product.Corridor.Corridors);
            Assert.Equal(("LY", 1u, 10u, 0u), (corridor.Origin, corridor.Messages, corridor.Persons, corridor.Fatalities));
        }
        else
        {
            // Not even the country of the source that wrote it: the node is the readable message's alone.
            Assert.Equal(["FR"], Assert.Single(product.Network.Nodes).Countries);
            Assert.Equal(1u, product.Network.Nodes[0].Messages);
        }
    }

    [Theory]
    [InlineData("ES")]
    [InlineData("DE")]
    public void Build_ForTheMessagesRecipientOrSource_IncludesIt(string recipient)
    {
        var product = Build(ProductKind.Corridor, recipient, Readable(), Unreadable());

        Assert.Contains(product.Corridor.Corridors, c => c.Origin == "NR");
        Assert.DoesNotContain(product.Corridor.Corridors, c => c.Origin == "LY");
    }

    [Fact]
    public void Build_TwoReadableMessagesLinkedOnlyThroughAnUnreadableOne_AreNotMerged()
    {
        // FR's person and IT's person are one person only through DE's message (passport of the one, phone of the other).
        var france = Source("FR", ["IT"], new HstMessage { Persons = { Person("Mohamed Ali", "AL-SALHI", passport: "LY7731902") } });
        var italy = Source("IT", [], new HstMessage { Persons = { Person("Abu", "KHALIL", phone: "+39 351 204 8817") } }, day: 2);

        var forItaly = Build(ProductKind.Network, "IT", france, italy, Unreadable()).Network;
        var forAllThree = Build(ProductKind.Network, "IT", france, italy, Source("DE", ["IT", "ES"], UnreadableMessage(), day: 3)).Network;

        Assert.Equal(2, forItaly.Nodes.Count);
        Assert.Equal(3u, Assert.Single(forAllThree.Nodes, n => n.Kind == NetworkNodeKind.Person).Messages);
    }

    [Fact]
    public void Build_APartyAddedByAForward_MayRead_AndMessagesOutsideThePeriodAreLeftOut()
    {
        var forwarded = ProductSource.Create(
            new MessageReference { Sender = Member("DE").Uri, MessageId = ByteString.CopyFrom(NewId()) },
            Start.AddDays(5).ToUnixTimeMilliseconds(),
            new HstMessage { Routes = { Route(("SY", "TR", TransportMode.Road)) } },
            [Member("ES").Uri, Member("IT").Uri]);
        var tooEarly = Source("IT", [], new HstMessage { Routes = { Route(("TN", "IT", TransportMode.Sea)) } }, day: -1);
        var atTheEnd = Source("IT", [], new HstMessage { Routes = { Route(("EG", "IT", TransportMode.Sea)) } }, day: 90);

        var product = Build(ProductKind.Corridor, "IT", forwarded, tooEarly, atTheEnd);

        Assert.Equal(["SY"], product.Corridor.Corridors.Select(c => c.Origin));
        Assert.Equal([forwarded.Reference], product.Sources);
        Assert.True(ProductBuilder.Concerns(Member("IT"), Period, [forwarded]));
        Assert.False(ProductBuilder.Concerns(Member("FR"), Period, [forwarded, tooEarly, atTheEnd]));
    }

    [Fact]
    public void Build_NamesThePeriodRecipientKindAndId()
    {
        var id = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

        var product = ProductBuilder.Build(ProductKind.Network, Member("FR"), Period, [Readable()], id, Start.AddDays(91));

        Assert.Equal((ProductKind.Network, "urn:hst:member:FR", Period.StartMs, Period.EndMs, Start.AddDays(91).ToUnixTimeMilliseconds()),
            (product.Kind, product.Recipient, product.PeriodStartMs, product.PeriodEndMs, product.ProducedAtMs));
        Assert.Equal(id, product.ProductId.ToByteArray());
    }

    private static HstMessage UnreadableMessage() => new()
    {
        Persons = { Person(Canary, "SECRET", passport: "LY7731902", phone: "+39 351 204 8817") },
    };
}
