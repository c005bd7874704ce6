namespace HstFederation.Node.Storage;

/// <summary>
/// How the restored outbox stands against the replaced database's (message ids, hex): what the hub accepted after the backup
/// that the backup lacks; what was queued after it (it may or may not have reached the hub); what the backup held queued and
/// the hub accepted since, its acceptance carried over or (when it could not be) left to end Replay.
/// </summary>
internal sealed record RestoredOutbox(
    IReadOnlyList<string> SentAfterBackup, IReadOnlyList<string> QueuedAfterBackup, IReadOnlyList<string> AcceptanceCarried, IReadOnlyList<string> QueuedButAccepted)
{
    public static readonly RestoredOutbox None = new([], [], [], []);
}
