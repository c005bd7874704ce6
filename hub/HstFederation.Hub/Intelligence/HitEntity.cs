using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intelligence;

/// <summary>
/// One matched entity of a hit, from both sides: where it sits in the new message and in the held one, the normalised
/// value both share (strong identifiers and organisation keys are equal on both sides after normalisation; empty for
/// persons, whose names differ, and for blind tokens, whose value the hub never knows), the score and its factors.
/// </summary>
internal sealed record HitEntity(MatchKind Kind, string NewPath, string HeldPath, string SharedValue, double Score, IReadOnlyList<MatchFactor> Factors);
