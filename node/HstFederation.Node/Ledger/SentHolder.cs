namespace HstFederation.Node.Ledger;

/// <summary>
/// A party holding a copy of a message this node sent: an addressee, or a party the hub forwarded it to whose signed
/// delivery receipt the hub relayed (<see cref="Forwarded"/>). <see cref="DeliveredAtMs"/>: when its receipt arrived.
/// </summary>
internal sealed record SentHolder(string Party, bool Forwarded, long? DeliveredAtMs);
