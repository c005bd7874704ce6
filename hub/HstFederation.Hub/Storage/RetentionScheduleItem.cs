namespace HstFederation.Hub.Storage;

/// <summary>A message on the retention schedule, and whether its source was already asked about its current date.</summary>
internal sealed record RetentionScheduleItem(RetentionCandidate Message, bool Reviewed);
