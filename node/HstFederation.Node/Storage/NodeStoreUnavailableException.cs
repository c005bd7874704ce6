namespace HstFederation.Node.Storage;

/// <summary>
/// The node store could not durably commit (disk full, I/O error, locked by another process). Nothing of the
/// operation was committed: no id goes back to the agency, no cursor moves, and the caller retries later.
/// </summary>
internal sealed class NodeStoreUnavailableException : Exception
{
    public NodeStoreUnavailableException()
        : base("The node store is unavailable; nothing was committed.")
    {
    }

    public NodeStoreUnavailableException(string message)
        : base(message)
    {
    }

    public NodeStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
