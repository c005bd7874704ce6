using HstFederation.Storage.Audit;

namespace HstFederation.Node.Storage;

/// <summary>
/// What <see cref="NodeRestore.Run"/> did: the backup's audit chain as verified, the replaced database as read and the files it
/// was kept under, the number this NCB's next message takes, what the backup lacks of what this NCB sent, and the audit
/// chain's head after the `restore` entry.
/// </summary>
internal sealed record NodeRestoreResult(
    string Database, string Backup, AuditVerification BackupAudit, ReplacedDatabase<NodeRestoreCounters> Replaced, IReadOnlyList<string> KeptFiles,
    long NextSequence, RestoredOutbox Outbox, RecordedHead NewHead);
