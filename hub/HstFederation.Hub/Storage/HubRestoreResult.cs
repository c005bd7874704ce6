using HstFederation.Storage.Audit;

namespace HstFederation.Hub.Storage;

/// <summary>
/// What <see cref="HubRestore.Run"/> did: the backup's audit chain as verified, the replaced database as read and the files it
/// was kept under, the numbers the restored hub continues from, and the audit chain's head after the `restore` entry.
/// </summary>
internal sealed record HubRestoreResult(
    string Database, string Backup, AuditVerification BackupAudit, ReplacedDatabase<RestoreCounters> Replaced, IReadOnlyList<string> KeptFiles,
    RestoreCounters Floors, RecordedHead NewHead);
