using HstFederation.Protocol.V1;

namespace HstFederation.Node.Ledger;

/// <summary>
/// An order this node issued about a message it sent (lifecycle_orders_issued): who issued it, where it stands at the hub
/// (queued, accepted with the holders it was queued for, refused), and each holder's confirmation.
/// <see cref="Order"/> is the signed order (null only if the stored statement no longer parses). <see cref="Pending"/>:
/// queued, but its version is not accepted by the hub yet, so it is not sent until it is (Storage.PendingRecalls).
/// </summary>
internal sealed record SentOrder(
    byte[] OrderId,
    string Action,
    string Actor,
    long CreatedAtMs,
    IssuedOrderState State,
    long StateAtMs,
    string? RefusalReason,
    LifecycleOrder? Order,
    IReadOnlyList<OrderHolder> Holders,
    bool Pending = false);
