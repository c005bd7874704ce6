namespace HstFederation.Hub.Products;

/// <summary>The hub-readable messages of a period, and how many stored messages no longer verified.</summary>
internal sealed record ProductSourceSet(IReadOnlyList<ProductSource> Sources, int Unreadable);
