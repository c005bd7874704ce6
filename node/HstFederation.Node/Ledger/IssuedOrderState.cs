namespace HstFederation.Node.Ledger;

/// <summary>lifecycle_orders_issued.state (Migration0009).</summary>
internal enum IssuedOrderState
{
    Queued = 1,
    Accepted = 2,
    Refused = 3,
}
