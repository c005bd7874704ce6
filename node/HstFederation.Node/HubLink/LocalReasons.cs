namespace HstFederation.Node.HubLink;

/// <summary>Rejection reasons the node itself records (the hub's are its RejectionReason names).</summary>
internal static class LocalReasons
{
    public const string RecipientNotActive = "RecipientNotActive";
    public const string NotSealable = "NotSealable";
    public const string UnknownMessage = "UnknownMessage";
}
