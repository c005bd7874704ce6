namespace HstFederation.Hub.Storage;

/// <summary>
/// The hub's own holding of a message. It always stores the envelope (to route it); it reads the content only when the
/// source let it (<paramref name="MayRead"/>), and then keeps the normalised entities it indexed (<paramref name="Entities"/>,
/// null when not indexed). For a direct exchange it keeps the blind tokens submitted with it. <paramref name="Hits"/>: every
/// hit the message takes part in, whichever of the two was the later.
/// </summary>
internal sealed record LedgerHubCopy(bool MayRead, LedgerEntities? Entities, long BlindTokens, IReadOnlyList<LedgerHit> Hits);
