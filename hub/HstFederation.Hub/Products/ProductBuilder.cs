using Google.Protobuf;
using HstFederation.Entities;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// Builds one recipient's product. The only place that decides what a product is built from: the sources in
/// the period whose readers include the recipient (<see cref="ProductSource.MayRead"/>); nothing of any other
/// source reaches the report builders, so nothing of it can reach the product — not a count, a label, a merge
/// of two nodes through a third message, nor a reference.
/// </summary>
internal static class ProductBuilder
{
    private static readonly MatchingOptions DefaultMatching = new();

    /// <param name="matching">The matcher's threshold and weights for merging network nodes (the defaults of docs/matching.md if null).</param>
    public static AnalyticalProduct Build(
        ProductKind kind, PartyId recipient, ProductPeriod period, IEnumerable<ProductSource> sources, ReadOnlySpan<byte> productId, DateTimeOffset producedAt,
        MatchingOptions? matching = null)
    {
        var readable = Readable(recipient, period, sources);
        var product = new AnalyticalProduct
        {
            ProductId = ByteString.CopyFrom(productId),
            Kind = kind,
            ProducedAtMs = producedAt.ToUnixTimeMilliseconds(),
            PeriodStartMs = period.StartMs,
            PeriodEndMs = period.EndMs,
            Recipient = recipient.Uri,
        };
        IReadOnlyList<ProductSource> used;
        switch (kind)
        {
            case ProductKind.Corridor:
                (product.Corridor, used) = CorridorBuilder.Build(readable);
                break;
            case ProductKind.Network:
                (product.Network, used) = NetworkBuilder.Build(readable, matching ?? DefaultMatching);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a product kind.");
        }

        product.Sources.AddRange(used.Select(source => source.Reference.Clone()));
        return product;
    }

    /// <summary>True when the recipient may read at least one source of the period: it is one of the NCBs concerned.</summary>
    public static bool Concerns(PartyId recipient, ProductPeriod period, IEnumerable<ProductSource> sources) =>
        sources.Any(source => period.Contains(source.CreatedAtMs) && source.MayRead(recipient));

    private static List<ProductSource> Readable(PartyId recipient, ProductPeriod period, IEnumerable<ProductSource> sources)
    {
        var readable = sources.Where(source => period.Contains(source.CreatedAtMs) && source.MayRead(recipient)).ToList();
        readable.Sort(ProductSource.Compare);
        return readable;
    }
}
