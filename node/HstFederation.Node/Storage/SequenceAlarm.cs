namespace HstFederation.Node.Storage;

/// <summary>
/// An operator-visible alarm about a sender's count of its messages to this node (Recipient.sequence, THREATS
/// row 12): <see cref="Kind"/> is <see cref="Gap"/> (expected n+1, received n+k) or <see cref="Reorder"/> (a new
/// message at or below the highest number already stored from that sender).
/// </summary>
internal sealed record SequenceAlarm(long Id, string Kind, string Sender, long Expected, long Received, long RaisedAtMs)
{
    public const string Gap = "sequence-gap";
    public const string Reorder = "sequence-reorder";
}
