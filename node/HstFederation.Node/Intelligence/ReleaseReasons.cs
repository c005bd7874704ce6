namespace HstFederation.Node.Intelligence;

/// <summary>Reasons the node itself gives for refusing a release before it asks the hub (the hub's are its RejectionReason names).</summary>
internal static class ReleaseReasons
{
    /// <summary>The hub's notification says it cannot forward this message (a direct exchange, or handling H3).</summary>
    public const string NotReleasable = "NotReleasable";

    /// <summary>The hit's message is not in this node's outbox as accepted by the hub with its envelope kept.</summary>
    public const string NotSent = "NotSent";

    /// <summary>The hub answered with another message or another party than the hit names: the release is not confirmed.</summary>
    public const string InvalidAnswer = "InvalidAnswer";
}
