namespace HstFederation.LoadGenerator.Measure;

internal enum Milestone
{
    /// <summary>The hub's signed acceptance receipt came back (durable).</summary>
    Receipt,

    /// <summary>The last (non-slow) recipient received the envelope on its stream.</summary>
    AllDelivered,

    /// <summary>The last (non-slow) recipient's delivery receipt was relayed back to the sender.</summary>
    AllRelayed,
}
