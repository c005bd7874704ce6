namespace HstFederation.Node.Ledger;

/// <summary>An order this node issued that the hub refused (its RejectionReason name).</summary>
internal sealed record RefusedOrder(byte[] OrderId, byte[] MessageId, string Action, string Reason, long AtMs);
