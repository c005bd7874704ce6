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
        string actor, string action, byte[]? messageId, string detail, CancellationToken cancellationToken = default) =>
        AuditAsync(actor, action, messageId, detail, null, cancellationToken);

    /// <inheritdoc cref="AuditAsync(string, string, byte[], string, CancellationToken)"/>
    /// <param name="certificate">The serial of the client certificate an agency's call came through; null for an operator's entry.</param>
    public Task<long> AuditAsync(
        string actor, string action, byte[]? messageId, string detail, string? certificate, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentNullException.ThrowIfNull(detail);
        return _writer.RunAsync(
            context => NodeAudit.Append(context.Connection, context.NowMs, actor, action, messageId, detail, certificate),
            cancellationToken);
    }

    /// <summary>
    /// Appends <paramref name="entries"/> (each actor, action, message id, detail, certificate) in one write operation, so one writer
    /// transaction carries them all: a WatchInbox batch audits each message it streams without one commit per message.
    /// </summary>
    public Task AuditAllAsync(
        IReadOnlyList<(string Actor, string Action, byte[]? MessageId, string Detail, string? Certificate)> entries,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (actor, action, _, detail, _) in entries)
        {
            ArgumentException.ThrowIfNullOrEmpty(actor);
            ArgumentException.ThrowIfNullOrEmpty(action);
            ArgumentNullException.ThrowIfNull(detail);
        }

        return entries.Count == 0
            ? Task.CompletedTask
            : _writer.RunAsync(
                context =>
                {
                    foreach (var (actor, action, messageId, detail, certificate) in entries)
                    {
                        NodeAudit.Append(context.Connection, context.NowMs, actor, action, messageId, detail, certificate);
                    }

                    return entries.Count;
                },
                cancellationToken);
    }
}
