namespace HstFederation.Storage.Audit;

/// <summary>
/// The verifier's verdict. When intact, <see cref="Count"/> is the number of entries checked; otherwise it
/// is the number of good entries before <see cref="BrokenAt"/>, the first broken link.
/// </summary>
public sealed record AuditVerification(bool IsIntact, long Count, long? BrokenAt, AuditBreak Break, string Detail)
{
    /// <summary>
    /// When intact, the hash of the last entry (the chain's head; <see cref="AuditChain.Genesis"/> for an empty log): recorded
    /// out of the operators' reach, it is what a rewritten history, every later hash recomputed, no longer ends in.
    /// </summary>
    public byte[]? Head { get; init; }

    /// <summary>When broken, what is wrong at <see cref="BrokenAt"/>, without <see cref="Detail"/>'s "first broken link at seq N (kind): ".</summary>
    public string Reason { get; init; } = string.Empty;

    public static AuditVerification Intact(long count, byte[] head) =>
        new(true, count, null, AuditBreak.None, $"audit chain intact: {count} entries") { Head = head };

    public static AuditVerification Broken(long count, long brokenAt, AuditBreak kind, string detail) =>
        new(false, count, brokenAt, kind, $"first broken link at seq {brokenAt} ({kind.ToString().ToLowerInvariant()}): {detail}") { Reason = detail };

    public override string ToString() => Detail;
}
