using HstFederation.Protocol.V1;

namespace HstFederation.Node.Intelligence;

/// <summary>
/// A <c>products</c> row: what lists show without reading the product itself. <see cref="Purged"/>: its copy was purged
/// (<see cref="Storage.PurgedProducts"/>); the row stays for the ledger, the content is gone. <see cref="Unrecorded"/>: its
/// copy is held but the open-time catch-up could not record its sources (<see cref="Storage.PurgedProducts.UnrecordedCopy"/>),
/// so no purge of a source reaches it and agencies are never served it.
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
    ProductPurge? Purged = null,
    bool Unrecorded = false);
