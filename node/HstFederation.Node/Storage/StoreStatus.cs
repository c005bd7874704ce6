namespace HstFederation.Node.Storage;

/// <summary>Queue depths and the latest activity, read in one snapshot for `hst-node status`.</summary>
internal sealed record StoreStatus(
    long Queued,
    long Accepted,
    long Rejected,
    long AwaitingDeliveryReceipts,
    long Inbox,
    InboxCounts InboxKinds,
    long UnrecordedProducts,
    long Quarantined,
    long Alarms,
    long WithdrawnNeverReceived,
    long Cursor,
    long? LastAcceptedAtMs,
    long? LastReceivedAtMs,
    long? LastDeliveryReceiptAtMs,
    long RefusedForTime,
    long? LastRefusedForTimeAtMs)
{
    // `status --json` serializes this record: each time also as an ISO 8601 date, as every other date there is, beside the
    // epoch milliseconds that scripts written before read.
    public DateTimeOffset? LastAcceptedAt => At(LastAcceptedAtMs);

    public DateTimeOffset? LastReceivedAt => At(LastReceivedAtMs);

    public DateTimeOffset? LastDeliveryReceiptAt => At(LastDeliveryReceiptAtMs);

    public DateTimeOffset? LastRefusedForTimeAt => At(LastRefusedForTimeAtMs);

    private static DateTimeOffset? At(long? ms) => StoredTime.Of(ms);
}

/// <summary>
/// What the inbox's rows are (<see cref="StoreStatus.Inbox"/> counts them all): the messages `hst-node inbox` lists, the
/// messages purged (their tombstone kept, no longer listed), the hub's hit notifications and products, and any other row.
/// </summary>
internal sealed record InboxCounts(long Messages, long PurgedMessages, long HitNotifications, long Products, long Other);
