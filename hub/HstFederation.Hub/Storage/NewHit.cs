using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// A hit the intelligence worker found: <paramref name="NewMessage"/> (the message being processed) shares entities
/// with <paramref name="HeldMessage"/> (an earlier one of another source), both by hub sequence.
/// <paramref name="Explanation"/> names kinds, paths, scores and factors, never a value; <paramref name="DetectedAtMs"/> is what the notifications say.
/// </summary>
internal sealed record NewHit(
    byte[] HitId, long NewMessage, long HeldMessage, HitBasis Basis, MatchKind Kind, double Score, string Explanation, long DetectedAtMs);
