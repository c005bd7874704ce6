using HstFederation.Storage.Audit;

namespace HstFederation.Storage;

/// <summary>
/// What <see cref="DatabaseRestore.Run"/> did: the backup's audit chain as verified, the files the replaced database was kept
/// under (the database first, then its -wal and -shm; none when nothing was there), and what the program's own step returned.
/// </summary>
public sealed record DatabaseRestoreResult<T>(string Database, string Backup, AuditVerification BackupAudit, IReadOnlyList<string> KeptFiles, T Prepared);
