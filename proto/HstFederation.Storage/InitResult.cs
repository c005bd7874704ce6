namespace HstFederation.Storage;

/// <summary>What `init` found and did at the database path (<see cref="InitOutcome"/>).</summary>
public enum InitResult
{
    /// <summary>No database was there (or an empty file, or one with no tables): it was created whole.</summary>
    Created,

    /// <summary>A database an init of an earlier release created but was cut short before its audit entry: the entry was written.</summary>
    Completed,

    /// <summary>A database init had made: opened, brought to the current schema.</summary>
    Existed,
}
