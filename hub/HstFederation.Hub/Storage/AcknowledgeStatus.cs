namespace HstFederation.Hub.Storage;

/// <summary>
/// The service maps UnknownCursor to REJECTION_REASON_UNKNOWN_CURSOR and ReceiptRequired to
/// REJECTION_REASON_RECEIPT_INVALID; in both cases nothing of the request was applied.
/// </summary>
internal enum AcknowledgeStatus
{
    /// <summary>Every cursor is now acknowledged (some may have been already).</summary>
    Acknowledged = 1,

    /// <summary>A cursor does not exist or belongs to another recipient; nothing was acknowledged.</summary>
    UnknownCursor = 2,

    /// <summary>An envelope delivery was acknowledged without a delivery receipt; nothing was acknowledged.</summary>
    ReceiptRequired = 3,

    /// <summary>A delivery receipt names another message than the delivery it acknowledges; nothing was acknowledged.</summary>
    ReceiptMismatch = 4,

    /// <summary>A lifecycle order was acknowledged without the holder's confirmation of exactly that order; nothing was acknowledged.</summary>
    ConfirmationInvalid = 5,
}
