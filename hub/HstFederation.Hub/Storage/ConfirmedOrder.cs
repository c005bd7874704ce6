namespace HstFederation.Hub.Storage;

/// <summary>
/// A holder's lifecycle confirmation, verified against the order its delivery carried: the serialized SignedStatement,
/// the order it answers and the outcome (LifecycleOutcome).
/// </summary>
internal sealed record ConfirmedOrder(byte[] Confirmation, byte[] OrderId, int Outcome);
