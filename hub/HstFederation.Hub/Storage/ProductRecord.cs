using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>One row of <c>products</c>: a product the hub sent, without its content.</summary>
/// <param name="MessageId">The hub's envelope that carried it.</param>
internal sealed record ProductRecord(
    byte[] ProductId,
    long RunId,
    ProductKind Kind,
    PartyId Recipient,
    long PeriodStartMs,
    long PeriodEndMs,
    long ProducedAtMs,
    long SourceCount,
    bool Truncated,
    byte[] MessageId);
