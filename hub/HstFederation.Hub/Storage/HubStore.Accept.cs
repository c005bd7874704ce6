using HstFederation.Hub.Audit;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>
    /// Accepts a verified envelope, exactly once per (sender, message id). In the writer's transaction: the
    /// replay and sequence checks, the message, one delivery per recipient, the sender's sequence, an audit
    /// entry, and the receipt, signed by <paramref name="signReceipt"/>(hub sequence, accepted-at ms) and
    /// stored with the message. Completes after the commit. A resubmission of the same envelope returns
    /// the original receipt bytes (Duplicate). Throws <see cref="StoreUnavailableException"/> when nothing
    /// could be committed (answer Unavailable; the sender retries).
    /// </summary>
    public Task<AcceptOutcome> AcceptAsync(
        Submission submission, Func<long, long, byte[]> signReceipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(signReceipt);
        submission.Validate();
        return _writer.RunAsync(
            context => AcceptTransaction.Execute(context, submission, signReceipt, _options.MaxSequenceJump),
            cancellationToken);
    }

    /// <summary>
    /// Writes an audit entry for a refused request (the detail is the reason's name, which <see cref="StatsAsync"/>
    /// counts). <paramref name="actor"/> is the caller's party URI, or what identifies it when it has none.
    /// </summary>
    public Task RecordRejectionAsync(
        string actor, byte[]? messageId, RejectionReason reason, CancellationToken cancellationToken = default) =>
        RecordRejectionAsync(actor, messageId, reason, null, cancellationToken);

    /// <inheritdoc cref="RecordRejectionAsync(string, byte[], RejectionReason, CancellationToken)"/>
    /// <param name="certificate">The serial of the TLS client certificate the refused call came through.</param>
    public Task RecordRejectionAsync(
        string actor, byte[]? messageId, RejectionReason reason, string? certificate, CancellationToken cancellationToken) =>
        AuditAsync(actor, AuditActions.Reject, messageId, reason.ToString(), certificate, cancellationToken);

    /// <summary>Appends an audit entry through the writer. Never put message content in <paramref name="detail"/>.</summary>
    public Task<long> AuditAsync(
        string actor, string action, byte[]? messageId, string detail, CancellationToken cancellationToken = default) =>
        AuditAsync(actor, action, messageId, detail, null, cancellationToken);

    /// <inheritdoc cref="AuditAsync(string, string, byte[], string, CancellationToken)"/>
    /// <param name="certificate">The serial of the TLS client certificate the actor's call came through (null for the hub's and operators' entries).</param>
    public Task<long> AuditAsync(
        string actor, string action, byte[]? messageId, string detail, string? certificate, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentNullException.ThrowIfNull(detail);
        return _writer.RunAsync(
            context => HubAudit.Append(context.Connection, context.NowMs, actor, action, messageId, detail, certificate),
            cancellationToken);
    }
}
