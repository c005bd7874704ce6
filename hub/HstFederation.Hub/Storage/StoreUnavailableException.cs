namespace HstFederation.Hub.Storage;

/// <summary>
/// The store could not durably commit (disk full, I/O error, locked by another process). Nothing of the
/// operation was committed; the caller answers <c>Unavailable</c> and the client retries.
/// </summary>
internal sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
        : base("The hub store is unavailable; nothing was committed.")
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
