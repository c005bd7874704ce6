namespace HstFederation.Hub.Storage;

/// <summary>
/// The outcome of an acknowledgement batch, all or nothing. <see cref="Acknowledged"/> counts the cursors of
/// the request (including ones acknowledged before); <see cref="Newly"/> those acknowledged by this call;
/// <see cref="Cursor"/> names the offending cursor when refused.
/// </summary>
internal sealed record AcknowledgeResult(AcknowledgeStatus Status, int Acknowledged, int Newly, long? Cursor)
{
    public bool IsSuccess => Status == AcknowledgeStatus.Acknowledged;

    public static AcknowledgeResult Success(int acknowledged, int newly) =>
        new(AcknowledgeStatus.Acknowledged, acknowledged, newly, null);

    public static AcknowledgeResult Refused(AcknowledgeStatus status, long cursor) => new(status, 0, 0, cursor);
}
