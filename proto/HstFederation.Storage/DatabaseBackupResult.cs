using HstFederation.Storage.Audit;

namespace HstFederation.Storage;

/// <summary>What <see cref="DatabaseBackup.Write"/> made: the file, its size and its audit chain as verified in the copy.</summary>
public sealed record DatabaseBackupResult(string Path, long Bytes, AuditVerification Audit);
