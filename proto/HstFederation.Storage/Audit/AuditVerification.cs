namespace HstFederation.Storage.Audit;

/// <summary>
/// The verifier's verdict. When intact, <see cref="Count"/> is the number of entries checked; otherwise it
/// is the number of good entries before <see cref="BrokenAt"/>, the first broken link.
/// </summary>
public sealed record AuditVerification(bool IsIntact, long Count, long? BrokenAt, AuditBreak Break, string Detail)
{
    public static AuditVerification Intact(long count) =>
        new(true, count, null, AuditBreak.None, $"audit chain intact: {count} entries");

    public static AuditVerification Broken(long count, long brokenAt, AuditBreak kind, string detail) =>
        new(false, count, brokenAt, kind, $"first broken link at seq {brokenAt} ({kind.ToString().ToLowerInvariant()}): {detail}");

    public override string ToString() => Detail;
}
