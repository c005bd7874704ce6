using HstFederation.Protocol.V1;

namespace HstFederation.Entities;

/// <summary>
/// One entity of a new message (the Your* side) that matched one of an indexed document. Strong identifiers
/// and organisations score 1; persons carry the factors of their score, which sum to <see cref="Score"/>.
/// <see cref="YourValue"/> is the new message's normalised value, empty for persons.
/// </summary>
public sealed record EntityMatch(
    long DocumentId,
    MatchKind Kind,
    string YourPath,
    string YourValue,
    string TheirPath,
    double Score,
    IReadOnlyList<MatchFactor> Factors);
