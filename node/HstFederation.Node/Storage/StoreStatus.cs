namespace HstFederation.Node.Storage;

/// <summary>Queue depths and the latest activity, read in one snapshot for `hst-node status`.</summary>
internal sealed record StoreStatus(
    long Queued,
    long Accepted,
    long Rejected,
    long AwaitingDeliveryReceipts,
    long Inbox,
    long UnrecordedProducts,
    long Quarantined,
    long Alarms,
    long WithdrawnNeverReceived,
    long Cursor,
    long? LastAcceptedAtMs,
    long? LastReceivedAtMs,
    long? LastDeliveryReceiptAtMs,
    long RefusedForTime,
    long? LastRefusedForTimeAtMs);
