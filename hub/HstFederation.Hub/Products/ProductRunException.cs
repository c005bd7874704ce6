namespace HstFederation.Hub.Products;

/// <summary>A run that cannot be carried out now (e.g. stale trust data); it stays pending and is tried again.</summary>
internal sealed class ProductRunException(string message) : Exception(message);
