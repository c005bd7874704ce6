namespace HstFederation.Node.Storage;

/// <summary>
/// A message looked up by id in both boxes, with everything kept about it: the outbox entry with the
/// recipients' signed delivery receipts, and the inbox entries with the envelope as received and its
/// forward count. A message id is unique in the outbox; the inbox is unique per (sender, id), so two
/// senders claiming one id both show.
/// </summary>
internal sealed record FoundMessage(OutboxDetail? Outbox, IReadOnlyList<InboxDetail> Inbox)
{
    public bool IsFound => Outbox is not null || Inbox.Count > 0;
}
