namespace HstFederation.Node.Storage;

/// <summary>An agency with the same id or certificate identity is already registered; nothing was written.</summary>
internal sealed class AgencyConflictException : Exception
{
    public AgencyConflictException()
    {
    }

    public AgencyConflictException(string message)
        : base(message)
    {
    }

    public AgencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
