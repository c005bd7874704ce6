namespace HstFederation.Hub.Products;

/// <summary>The messages a product covers: created in [<see cref="Start"/>, <see cref="End"/>) by their signed creation time.</summary>
internal readonly record struct ProductPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    public static ProductPeriod Ending(DateTimeOffset end, TimeSpan length) => new(end - length, end);

    public long StartMs => Start.ToUnixTimeMilliseconds();

    public long EndMs => End.ToUnixTimeMilliseconds();

    public bool Contains(long createdAtMs) => createdAtMs >= StartMs && createdAtMs < EndMs;
}
