namespace HstFederation.Storage;

/// <summary>`init`'s result for the hub and a node alike, and its first line of output.</summary>
public sealed record InitOutcome(InitResult Result, int SchemaVersion)
{
    public string Describe(string databasePath) => Result switch
    {
        InitResult.Created => $"Created database {databasePath} (schema version {SchemaVersion}).",
        InitResult.Completed =>
            $"Completed database {databasePath} (schema version {SchemaVersion}): an earlier init was cut short before it audited itself; its init entry is now in the audit log.",
        _ => $"Database {databasePath} exists (schema version {SchemaVersion}).",
    };
}
