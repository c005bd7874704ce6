namespace HstFederation.Demo.Run;

/// <summary>What step 6 counted (the --json summary's lifecycle counts).</summary>
internal sealed class LifecycleTally
{
    /// <summary>New versions the source sent.</summary>
    public int Updates { get; set; }

    /// <summary>Restriction orders the hub accepted (one per version of the case).</summary>
    public int Restrictions { get; set; }

    /// <summary>Recall orders the hub accepted.</summary>
    public int Recalls { get; set; }

    /// <summary>Holders' signed confirmations the source holds for those orders.</summary>
    public int Confirmations { get; set; }

    /// <summary>Confirmations the source was still waiting for while ES's node was offline.</summary>
    public int OutstandingWhileOffline { get; set; }

    /// <summary>Confirmations the source is still waiting for at the end of the run (0 when every holder answered).</summary>
    public int OutstandingConfirmations { get; set; }
}
