namespace HstFederation.Node.Intelligence;

/// <summary>
/// What came of one release attempt. <see cref="ReleaseResult.Released"/> and <see cref="ReleaseResult.Refused"/> are
/// final and recorded on the hit; <see cref="ReleaseResult.Unavailable"/> (the hub could not be reached or answered
/// with a transient error) changes nothing and may be tried again. <see cref="Reason"/> is the hub's
/// RejectionReason name, or the node's own reason when it refused before asking the hub.
/// </summary>
internal sealed record ReleaseOutcome(ReleaseResult Result, string ReleasedTo, bool Duplicate = false, string? Reason = null, string? Detail = null);
