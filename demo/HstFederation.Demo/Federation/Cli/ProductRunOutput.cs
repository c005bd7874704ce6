namespace HstFederation.Demo.Federation.Cli;

/// <summary><c>hst-hub products run --json</c>: the run the serving hub carried out (or still has pending).</summary>
internal sealed record ProductRunOutput(ProductRunOutput.ProductRun Run)
{
    internal sealed record ProductRun(long RunId, string Kind, string State, int? Products, string? Outcome);
}
