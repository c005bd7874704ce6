namespace HstFederation.Node.Ledger;

/// <summary>A holder that has not confirmed an order the hub accepted; <see cref="SinceMs"/>: when the hub accepted it.</summary>
internal sealed record OutstandingConfirmation(byte[] OrderId, byte[] MessageId, string Action, string Holder, long SinceMs);
