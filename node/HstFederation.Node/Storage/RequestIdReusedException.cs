namespace HstFederation.Node.Storage;

/// <summary>
/// A submission's request id already names another request of the same actor (a different request hash): refused,
/// nothing queued. <see cref="LocalId"/> is the outbox row the key names; the caller is not told which.
/// </summary>
internal sealed class RequestIdReusedException : Exception
{
    public RequestIdReusedException()
    {
    }

    public RequestIdReusedException(string message)
        : base(message)
    {
    }

    public RequestIdReusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RequestIdReusedException(string requestId, long localId)
        : base($"request id '{requestId}' was already used for a different request; choose a new request id for a new submission")
    {
        RequestId = requestId;
        LocalId = localId;
    }

    public string RequestId { get; } = string.Empty;

    /// <summary>The outbox row the key names (for the log and the operator, not for the caller).</summary>
    public long LocalId { get; }
}
