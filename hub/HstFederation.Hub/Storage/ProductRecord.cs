using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>One row of <c>products</c>: a product the hub sent, without its content.</summary>
/// <param name="MessageId">The hub's envelope that carried it.</param>
/// <param name="PurgedAtMs">When a source's recall, expiry or restriction purged it at the hub (migration 10); null while it is kept.</param>
/// <param name="PurgeCause">
/// That source's state then: <see cref="MessageState.Recalled"/> or <see cref="MessageState.Expired"/>; null beside a
/// <paramref name="PurgedAtMs"/> when a restriction of the source, still active, excluded the recipient.
/// </param>
/// <param name="PurgedBy">That source's sender and message id.</param>
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
    byte[] MessageId,
    long? PurgedAtMs = null,
    MessageState? PurgeCause = null,
    (PartyId Sender, byte[] MessageId)? PurgedBy = null);
