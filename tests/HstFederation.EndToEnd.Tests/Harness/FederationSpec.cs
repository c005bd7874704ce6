namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>What a scenario's federation looks like: its members and the settings it gives the hub and the nodes.</summary>
internal sealed class FederationSpec
{
    /// <summary>Prefix of the temporary directory holding everything (PKI, databases, logs).</summary>
    public required string Name { get; init; }

    public IReadOnlyList<string> Members { get; init; } = ["FR", "DE", "IT", "ES"];

    /// <summary>Extra <c>--Hub:Name=value</c> settings of <c>hst-hub serve</c>.</summary>
    public IReadOnlyList<string> HubSettings { get; init; } = [];

    /// <summary>Extra <c>--Node:Name=value</c> settings a member's <c>hst-node init</c> writes into its configuration.</summary>
    public Func<string, IReadOnlyList<string>> NodeSettings { get; init; } = _ => [];
}
