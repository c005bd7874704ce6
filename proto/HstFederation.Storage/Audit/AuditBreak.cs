namespace HstFederation.Storage.Audit;

/// <summary>How the chain is broken at the first bad link.</summary>
public enum AuditBreak
{
    None = 0,

    /// <summary>An entry's contents no longer match its hash.</summary>
    Edited = 1,

    /// <summary>Entries are missing: a gap in the sequence, a missing tail, or an entry whose predecessor is gone.</summary>
    Deleted = 2,

    /// <summary>An intact entry sits at another position than the one it was written at.</summary>
    Reordered = 3,
}
