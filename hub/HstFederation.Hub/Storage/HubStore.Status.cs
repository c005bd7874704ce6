namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>
    /// Pending reviews, outstanding confirmations and the active members' messages whose effective retention date is at or
    /// before <paramref name="untilMs"/> (including any past due the schedule has not expired yet), from one read snapshot.
    /// </summary>
    public Task<HubStatus> StatusAsync(long untilMs, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        return connection.InReadTransaction(() =>
        {
            return Task.FromResult(new HubStatus(
                StatusReader.PendingReviews(connection), StatusReader.OutstandingConfirmations(connection), RetentionDates.Until(connection, untilMs)));
        });
    }
}
