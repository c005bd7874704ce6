namespace HstFederation.Node.HubLink;

/// <summary>An addressee is unknown to the signed directory, suspended or revoked: the node does not seal to it.</summary>
internal sealed class RecipientNotActiveException : Exception
{
    public RecipientNotActiveException()
    {
    }

    public RecipientNotActiveException(string message)
        : base(message)
    {
    }

    public RecipientNotActiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
