namespace HstFederation.Demo.Federation.Cli;

/// <summary><c>hst-node search --json</c>: one hit per matching field and message.</summary>
internal sealed record SearchOutput(IReadOnlyList<SearchOutput.Hit> Hits)
{
    internal sealed record Hit(string Box, string MessageId, string Kind, string Value, string Field);
}
