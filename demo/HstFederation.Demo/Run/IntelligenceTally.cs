namespace HstFederation.Demo.Run;

/// <summary>What step 5 counted: hit notifications the nodes received, releases the hub made, products it sent.</summary>
internal sealed class IntelligenceTally
{
    public int Hits { get; set; }

    public int Releases { get; set; }

    public int Products { get; set; }
}
