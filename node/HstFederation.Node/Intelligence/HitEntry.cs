using HstFederation.Protocol.V1;

namespace HstFederation.Node.Intelligence;

/// <summary>One stored hit: its <c>hits</c> row and the notification as received (the inbox row's content).</summary>
internal sealed record HitEntry(
    long Id,
    long InboxLocalId,
    HitNotification Notification,
    HitRelease Release)
{
    public byte[] HitId => Notification.HitId.ToByteArray();

    public byte[] YourMessageId => Notification.YourMessage.MessageId.ToByteArray();

    public string OtherSender => Notification.OtherMessage.Sender;

    public IReadOnlyList<MatchKind> Kinds => [.. Notification.Matches.Select(m => m.Kind).Distinct().Order()];
}
