namespace HstFederation.Node.Storage;

/// <summary>
/// The outbox sender sealed a message that stopped being queued meanwhile (cancelled by the operator, or purged at its
/// retention date): nothing was kept, and it must not be submitted.
/// </summary>
internal sealed class OutboxNotQueuedException : Exception
{
    public OutboxNotQueuedException()
    {
    }

    public OutboxNotQueuedException(string message)
        : base(message)
    {
    }

    public OutboxNotQueuedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
