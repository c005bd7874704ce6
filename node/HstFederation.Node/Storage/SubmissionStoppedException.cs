namespace HstFederation.Node.Storage;

/// <summary>
/// A submission repeated with its request id names a message this node stopped before it was ever sent: cancelled by
/// the NCB ('hst-node cancel') or purged at its retention date. Nothing is queued, and the earlier answer (queued) is
/// not given again: the message will never be sent. <see cref="LocalId"/> is for the log, not for the caller.
/// </summary>
internal sealed class SubmissionStoppedException : Exception
{
    public SubmissionStoppedException()
    {
    }

    public SubmissionStoppedException(string message)
        : base(message)
    {
    }

    public SubmissionStoppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SubmissionStoppedException(string requestId, long localId, string messageId, string reason)
        : base($"request id '{requestId}' names message {messageId}, which {(reason == OutboxCancel.Reason ? "this NCB cancelled" : "was purged at its retention date")} " +
               "before it was ever sent: it will never be sent; nothing was queued. To send it after all, submit it with a new request id")
    {
        RequestId = requestId;
        LocalId = localId;
    }

    public string RequestId { get; } = string.Empty;

    public long LocalId { get; }
}
