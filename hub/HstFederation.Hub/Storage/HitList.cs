namespace HstFederation.Hub.Storage;

/// <summary>The newest hits a filter selects, at most the limit asked for, and how many it selects in all (same snapshot).</summary>
internal sealed record HitList(long Total, IReadOnlyList<ListedHit> Hits);
