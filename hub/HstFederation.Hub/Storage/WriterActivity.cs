namespace HstFederation.Hub.Storage;

/// <summary>
/// The single writer's work since it started. <see cref="Busy"/> is wall time spent running batches (statements,
/// commit, completing the callers), so its rate against the clock is the writer's utilisation: near 1 it is
/// saturated and every write, a Submit's first, queues behind the others. <see cref="Commit"/> is the part spent
/// in COMMIT (writing and syncing the WAL).
/// </summary>
internal readonly record struct WriterActivity(TimeSpan Busy, TimeSpan Commit, long Batches, long Operations);
