namespace HstFederation.Hub.Products;

/// <summary>A link stated by one message between two of its entities (indexes into its <see cref="NetworkDigest.Entities"/>).</summary>
internal readonly record struct NetworkLink(int From, int To, string Relation);
