namespace HstFederation.Node.Storage;

/// <summary>
/// Queued messages numbered again because the hub already held their numbers (this node restored from a backup): how many
/// times in all, and the hub's highest number and the time of the last one.
/// </summary>
internal sealed record RenumberingSummary(long Messages, long HubHighest, long LastAtMs)
{
    // `status --json`: the time also as an ISO 8601 date, as every other date there.
    public DateTimeOffset LastAt => DateTimeOffset.FromUnixTimeMilliseconds(LastAtMs);
}
