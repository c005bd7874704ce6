using HstFederation.Protocol.V1;

namespace HstFederation.Node.Intelligence;

/// <summary>A checked hit notification for this NCB, with what its <c>hits</c> row keeps for lists.</summary>
internal sealed record ReceivedHit(HitNotification Notification)
{
    public byte[] HitId => Notification.HitId.ToByteArray();

    public byte[] YourMessageId => Notification.YourMessage.MessageId.ToByteArray();

    public byte[] OtherMessageId => Notification.OtherMessage.MessageId.ToByteArray();

    /// <summary>The distinct kinds of the matched entities, in the order of the enum.</summary>
    public IReadOnlyList<MatchKind> Kinds => [.. Notification.Matches.Select(m => m.Kind).Distinct().Order()];
}
