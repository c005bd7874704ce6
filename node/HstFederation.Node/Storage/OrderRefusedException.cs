namespace HstFederation.Node.Storage;

/// <summary>
/// An order refused inside its enqueue transaction: the version it names changed since the command read it (the hub
/// answered, or the version was sealed again), so the order as signed cannot go; nothing was stored.
/// </summary>
internal sealed class OrderRefusedException : Exception
{
    public OrderRefusedException()
    {
    }

    public OrderRefusedException(string message)
        : base(message)
    {
    }

    public OrderRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
