using HstFederation.Node.Audit;

namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    /// <summary>The last hub delivery cursor this node durably handled (0 before the first).</summary>
    public Task<long> GetCursorAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult((long)connection.Scalar("SELECT cursor FROM hub_cursor WHERE id = 1;")!);
    }

    /// <summary>Moves the hub cursor forward (never back); returns the stored cursor after the commit.</summary>
    public Task<long> SetCursorAsync(long cursor, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        return _writer.RunAsync(context => InboxTransactions.MoveCursor(context, cursor), cancellationToken);
    }

    /// <summary>
    /// Appends an audit entry through the writer (who read, searched or exported what). Never put message
    /// content in <paramref name="detail"/>. Returns the entry's seq.
    /// </summary>
    public Task<long> AuditAsync(
        string actor, string action, byte[]? messageId, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentNullException.ThrowIfNull(detail);
        return _writer.RunAsync(
            context => NodeAudit.Append(context.Connection, context.NowMs, actor, action, messageId, detail),
            cancellationToken);
    }
}
