using HstFederation.Protocol.V1;

namespace HstFederation.Node.Ledger;

/// <summary>An order this node received as a holder (lifecycle_orders_received), applied, and confirmed with this outcome.</summary>
internal sealed record ReceivedOrder(byte[] OrderId, string Source, string Action, LifecycleOutcome Outcome, long AppliedAtMs, LifecycleOrder? Order);
