using Google.Protobuf;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intelligence;

/// <summary>
/// The HitNotification for one source of a hit (docs/intelligence.md §3). Built per recipient from its own side only:
/// its message and paths, the values it holds itself (a shared identifier's normalised form; never a person's name),
/// the other message by reference. Nothing of the other message's content, which the recipient may not read.
/// </summary>
internal static class HitNotifications
{
    /// <param name="newSide">The recipient is the source of the new message (else of the held one).</param>
    /// <param name="otherReadable">The recipient already may read the other message.</param>
    /// <param name="releasable">The recipient may release its message to the other source through the hub.</param>
    public static HitNotification For(
        byte[] hitId, long detectedAtMs, HitBasis basis, HitSide yours, HitSide other, IReadOnlyList<HitEntity> entities,
        bool newSide, bool otherReadable, bool releasable)
    {
        var notification = new HitNotification
        {
            HitId = ByteString.CopyFrom(hitId),
            DetectedAtMs = detectedAtMs,
            Basis = basis,
            YourMessage = yours.Reference,
            OtherMessage = other.Reference,
            OtherMessageReadable = otherReadable,
            Score = entities.Max(entity => entity.Score),
            Releasable = releasable,
        };
        foreach (var entity in entities)
        {
            var matched = new MatchedEntity
            {
                Kind = entity.Kind,
                YourPath = newSide ? entity.NewPath : entity.HeldPath,
                YourValue = entity.SharedValue,
                Score = entity.Score,
            };
            matched.Factors.AddRange(entity.Factors.Select(factor => new MatchFactor
            {
                Field = factor.Field,
                Agreement = FactorText.ForSide(factor.Agreement, newSide),
                Contribution = factor.Contribution,
            }));
            notification.Matches.Add(matched);
        }

        return notification;
    }
}
