namespace HstFederation.Hub.Storage;

/// <summary>
/// What a delivery row carries to its recipient. The numbers are stored in the <c>kind</c> column and
/// checked by the schema; never renumber them.
/// </summary>
internal enum DeliveryKind
{
    /// <summary>An envelope addressed to the recipient.</summary>
    Envelope = 1,

    /// <summary>Another party's signed delivery receipt for an envelope the recipient sent.</summary>
    DeliveryReceipt = 2,
}
