namespace HstFederation.LoadGenerator.Scenarios;

internal enum LoadMode
{
    /// <summary>A fixed offered rate; latency counts from each message's scheduled send time (no coordinated omission).</summary>
    Open,

    /// <summary>As fast as the hub answers, with a fixed number of submissions in flight.</summary>
    Closed,
}
