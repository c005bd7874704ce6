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

    /// <summary>
    /// The chain is whole but does not pass through a head recorded earlier: entries up to that head were rewritten
    /// and every later hash recomputed, or the chain was cut short of it.
    /// </summary>
    Rewritten = 4,
}
