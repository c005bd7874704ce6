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

    /// <summary>A signed lifecycle order about a message the recipient holds (docs/lifecycle.md §4).</summary>
    LifecycleOrder = 3,

    /// <summary>A holder's signed lifecycle confirmation, relayed to the message's source.</summary>
    LifecycleConfirmation = 4,
}
