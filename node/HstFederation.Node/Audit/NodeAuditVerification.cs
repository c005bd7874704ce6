namespace HstFederation.Node.Audit;

/// <summary>
/// The verifier's verdict. When intact, <see cref="Count"/> is the number of entries checked; otherwise it
/// is the number of good entries before <see cref="BrokenAt"/>, the first broken link.
/// </summary>
internal sealed record NodeAuditVerification(bool IsIntact, long Count, long? BrokenAt, NodeAuditBreak Break, string Detail)
{
    public static NodeAuditVerification Intact(long count) =>
        new(true, count, null, NodeAuditBreak.None, $"audit chain intact: {count} entries");

    public static NodeAuditVerification Broken(long count, long brokenAt, NodeAuditBreak kind, string detail) =>
        new(false, count, brokenAt, kind, $"first broken link at seq {brokenAt} ({kind.ToString().ToLowerInvariant()}): {detail}");

    public override string ToString() => Detail;
}
