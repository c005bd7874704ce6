namespace HstFederation.Node.HubLink;

/// <summary>Rejection reasons the node itself records (the hub's are its RejectionReason names).</summary>
internal static class LocalReasons
{
    public const string RecipientNotActive = "RecipientNotActive";
    public const string NotSealable = "NotSealable";

    /// <summary>The message's delivery lifetime (from when it was queued) ended before the hub accepted it.</summary>
    public const string LifetimeOver = "LifetimeOver";
    public const string UnknownMessage = "UnknownMessage";
}
