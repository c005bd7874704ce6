using HstFederation.Protocol.V1;

namespace HstFederation.Node.Intelligence;

/// <summary>
/// One stored hit: its <c>hits</c> row and the notification as received (the inbox row's content). A withdrawn hit (either
/// message purged here, docs/intelligence.md §3) has no notification content left: <see cref="Notification"/> is rebuilt
/// from the <c>hits</c> row (ids, basis, score, detection time) without matched entities, values or factors.
/// </summary>
internal sealed record HitEntry(
    long Id,
    long InboxLocalId,
    HitNotification Notification,
    HitRelease Release,
    IReadOnlyList<MatchKind> Kinds,
    HitWithdrawal? Withdrawn = null)
{
    public byte[] HitId => Notification.HitId.ToByteArray();

    public byte[] YourMessageId => Notification.YourMessage.MessageId.ToByteArray();

    public string OtherSender => Notification.OtherMessage.Sender;

    public byte[] OtherMessageId => Notification.OtherMessage.MessageId.ToByteArray();
}
