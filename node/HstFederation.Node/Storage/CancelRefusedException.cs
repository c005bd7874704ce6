namespace HstFederation.Node.Storage;

/// <summary>A cancel refused inside its transaction: the message is not queued, or a submit of it may have reached the hub.</summary>
internal sealed class CancelRefusedException : Exception
{
    public CancelRefusedException()
    {
    }

    public CancelRefusedException(string message)
        : base(message)
    {
    }

    public CancelRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
