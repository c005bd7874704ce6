using HstFederation.Protocol.V1;

namespace HstFederation.Node.Ledger;

/// <summary>
/// An order the hub issued itself about a message this node sent (the expiry, docs/lifecycle.md §4), as this node learnt
/// it: the hub-signed order relayed with each holder's confirmation, kept with it (hub_order_confirmations, node migration
/// 12). This node never queued the order, so the holders it was sent to are not known here, only those whose
/// confirmation arrived: every <see cref="Holders"/> entry is confirmed. <see cref="Order"/> is null only if the stored
/// statement no longer parses.
/// </summary>
internal sealed record HubOrder(byte[] OrderId, string Action, LifecycleOrder? Order, IReadOnlyList<OrderHolder> Holders);
