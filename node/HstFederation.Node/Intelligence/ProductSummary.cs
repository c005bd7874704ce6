using HstFederation.Protocol.V1;

namespace HstFederation.Node.Intelligence;

/// <summary>
/// A <c>products</c> row: what lists show without reading the product itself. <see cref="Purged"/>: its copy was purged
/// (<see cref="Storage.PurgedProducts"/>); the row stays for the ledger, the content is gone.
/// </summary>
internal sealed record ProductSummary(
    long Id,
    byte[] ProductId,
    ProductKind Kind,
    long ProducedAtMs,
    long PeriodStartMs,
    long PeriodEndMs,
    int Sources,
    string Description,
    long InboxLocalId,
    long ReceivedAtMs,
    ProductPurge? Purged = null);
