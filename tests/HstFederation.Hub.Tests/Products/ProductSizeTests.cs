using HstFederation.Hub.Products;
using HstFederation.Protocol.V1;
using static HstFederation.Hub.Tests.Products.TestSources;

namespace HstFederation.Hub.Tests.Products;

public sealed class ProductSizeTests
{
    private static readonly string[] Countries = ["AF", "AL", "DZ", "AO", "AR", "AM", "AZ", "BD", "BY", "BJ", "BO", "BA", "BR", "BG", "BF", "BI", "KH", "CM"];

    [Fact]
    public void Fit_AProductWithinTheBudget_IsSentWhole()
    {
        var product = Build(ProductKind.Corridor, "FR", Source("FR", [], new HstMessage { Routes = { Route(("LY", "IT", TransportMode.Sea)) } }));

        Assert.Same(product, ProductSize.Fit(product, 10_000));
        Assert.False(product.Truncated);
    }

    [Fact]
    public void Fit_ACorridorReportOverTheBudget_KeepsItsLeadingCorridorsAndIsMarkedTruncated()
    {
        // 306 corridors, the first origins reported by more messages than the last.
        var sources = Countries.SelectMany((origin, i) => Countries.Where(destination => destination != origin)
            .Select(destination => Source("FR", [], new HstMessage { Routes = { Route((origin, destination, TransportMode.Sea)), Route((origin, "IT", TransportMode.Sea)) } }, day: i))).ToArray();
        var product = Build(ProductKind.Corridor, "FR", sources);

        var fitted = ProductSize.Fit(product, 2_000);

        Assert.True(fitted.Truncated);
        Assert.True(fitted.CalculateSize() <= 2_000);
        Assert.InRange(fitted.Corridor.Corridors.Count, 1, product.Corridor.Corridors.Count - 1);
        Assert.Equal(product.Corridor.Corridors.Take(fitted.Corridor.Corridors.Count), fitted.Corridor.Corridors);
        Assert.Equal(product.Sources.Take(fitted.Sources.Count), fitted.Sources);
    }

    [Fact]
    public void Fit_ANetworkReportOverTheBudget_KeepsTheMostReportedNodesAndOnlyTheirEdges()
    {
        var sources = Enumerable.Range(0, 40).Select(i => Source("FR", [], new HstMessage
        {
            Persons = { Person("Often", "NAMED", passport: "LY7731902"), Person($"Once{i}", $"ONLY{i}", passport: $"XA{i:0000000}") },
            Relations = { Relation(EntityKind.Person, 1, EntityKind.Person, 0, RelationType.AssociateOf) },
        }, day: i)).ToArray();
        var product = Build(ProductKind.Network, "FR", sources);

        var fitted = ProductSize.Fit(product, 1_500);

        Assert.True(fitted.Truncated && fitted.CalculateSize() <= 1_500);
        Assert.Equal("Often NAMED", fitted.Network.Nodes[0].Label);
        var kept = fitted.Network.Nodes.Select(n => n.Id).ToHashSet();
        Assert.All(fitted.Network.Edges, e => Assert.True(kept.Contains(e.From) && kept.Contains(e.To)));
        Assert.Equal(kept.Count - 1, fitted.Network.Edges.Count);
    }
}
