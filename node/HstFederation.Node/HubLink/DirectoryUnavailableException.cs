namespace HstFederation.Node.HubLink;

/// <summary>
/// No verified member directory is usable: none was ever fetched, or the last one expired and could not be
/// refreshed. Nothing is sealed until the hub can be reached again (fail closed).
/// </summary>
internal sealed class DirectoryUnavailableException : Exception
{
    public DirectoryUnavailableException()
    {
    }

    public DirectoryUnavailableException(string message)
        : base(message)
    {
    }

    public DirectoryUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
