using System.Text.Json;

namespace HstFederation.Demo.Federation.Cli;

/// <summary><c>hst-node products --json</c>: the analytical products the hub sent this NCB, newest first.</summary>
internal sealed record ProductsOutput(IReadOnlyList<ProductsOutput.Summary> Products)
{
    internal sealed record Summary(string ProductId, string Short, string Kind, DateTimeOffset ProducedAt, int Sources, string Description);

    /// <summary><c>hst-node products show ID --json</c>: Product is the AnalyticalProduct in the protobuf JSON mapping.</summary>
    internal sealed record Shown(Summary Summary, JsonElement Product);
}
