namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>
    /// Active members' messages whose effective retention date is at or before <paramref name="untilMs"/>, by date, each
    /// with whether its review for that date was asked; from one read snapshot.
    /// </summary>
    public Task<IReadOnlyList<RetentionScheduleItem>> RetentionScheduleAsync(long untilMs, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        return connection.InReadTransaction(() =>
        {
            IReadOnlyList<RetentionScheduleItem> items = RetentionDates.Until(connection, untilMs)
                .Select(message => new RetentionScheduleItem(message, RetentionRows.Reviewed(connection, message.HubSequence, message.RetainUntilMs)))
                .ToList();
            return Task.FromResult(items);
        });
    }

    /// <summary>One page of <see cref="RetentionDates.EnsureRows"/> in its own write.</summary>
    public Task<long> EnsureLifecycleRowsAsync(long afterHubSequence, int max, CancellationToken cancellationToken = default) =>
        _writer.RunAsync(context => RetentionDates.EnsureRows(context, afterHubSequence, max), cancellationToken);
}
