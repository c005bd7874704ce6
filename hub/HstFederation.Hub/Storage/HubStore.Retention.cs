namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>
    /// Members' messages whose effective retention date is at or before <paramref name="untilMs"/>, by date, each with
    /// whether its review for that date was asked; from one read snapshot. Unreadable counts stored
    /// headers without a readable date (left out).
    /// </summary>
    public Task<(IReadOnlyList<RetentionScheduleItem> Items, int Unreadable)> RetentionScheduleAsync(long untilMs, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        connection.Execute("BEGIN;");
        try
        {
            var dated = RetentionDates.Until(connection, untilMs, out var unreadable);
            IReadOnlyList<RetentionScheduleItem> items = dated
                .Select(message => new RetentionScheduleItem(message, RetentionRows.Reviewed(connection, message.HubSequence, message.RetainUntilMs)))
                .ToList();
            return Task.FromResult((items, unreadable));
        }
        finally
        {
            connection.Execute("COMMIT;");
        }
    }
}
