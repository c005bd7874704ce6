using HstFederation.Protocol.V1;

namespace HstFederation.Node.Intelligence;

/// <summary>One stored analytical product in full: its summary and the product as received.</summary>
internal sealed record ProductEntry(ProductSummary Summary, AnalyticalProduct Product);
