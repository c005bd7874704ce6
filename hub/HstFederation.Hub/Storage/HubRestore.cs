using System.Globalization;
using HstFederation.Hub.Audit;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// `restore` of the hub (<see cref="DatabaseRestore"/> does the file work): the checked copy migrated, given the floors of
/// <see cref="RestoreFloors"/> and the `restore` audit entry in one transaction, before it takes the database's name.
/// </summary>
internal static class HubRestore
{
    public static HubRestoreResult Run(string databasePath, string backupPath, string actor, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var database = Path.GetFullPath(databasePath);
        var restored = DatabaseRestore.Run(databasePath, backupPath, DatabaseProgram.Hub, HubAudit.Chain, time,
            (connection, backupAudit, aside) => Prepare(connection, backupAudit, Path.GetFullPath(backupPath), database, aside, actor, time));
        var (replaced, floors, newHead) = restored.Prepared;
        return new HubRestoreResult(restored.Database, restored.Backup, restored.BackupAudit, replaced, restored.KeptFiles, floors, newHead);
    }

    private static (ReplacedDatabase<RestoreCounters> Replaced, RestoreCounters Floors, RecordedHead NewHead) Prepare(
        SqliteConnection connection, AuditVerification backupAudit, string backup, string database, string aside, string actor, TimeProvider time)
    {
        // Only once the backup passed: a refused restore has not even opened the database.
        var replaced = ReplacedDatabase<RestoreCounters>.Read(database, DatabaseProgram.Hub, RestoreCounters.Read);
        // A backup of an earlier release is brought to this one's schema now, so the floors land in tables that are there.
        SchemaMigrations.Apply(connection, time);
        var counters = RestoreCounters.Read(connection);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"from={backup} backup_head={AuditVerificationReport.Head(backupAudit)} replaced={(replaced.Exists ? aside : "none")} replaced_head={replaced.Head?.ToString() ?? "unreadable"}");
        var floors = RestoreFloors.Apply(connection, counters, replaced.Counters, time.GetUtcNow().ToUnixTimeMilliseconds(), actor, detail);
        var verified = AuditVerifier.Verify(HubAudit.Chain, connection);
        return (replaced, floors, AuditVerificationReport.Head(verified));
    }
}
