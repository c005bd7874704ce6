namespace HstFederation.Node.HubLink;

/// <summary>The hub answered with a receipt that does not verify or does not match what was sent.</summary>
internal sealed class InvalidReceiptException : Exception
{
    public InvalidReceiptException()
    {
    }

    public InvalidReceiptException(string message)
        : base(message)
    {
    }

    public InvalidReceiptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
