using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// Which hits <see cref="HubStore.ListHitsAsync"/> lists: detected at or after <paramref name="SinceMs"/>, with
/// <paramref name="Member"/> the source of either message, of <paramref name="Kind"/> (null: any).
/// </summary>
internal sealed record HitListFilter(long SinceMs, PartyId? Member, MatchKind? Kind);
