namespace HstFederation.Node.Storage;

/// <summary>
/// An operator-visible alarm about a sender's count of its messages to this node (Recipient.sequence, THREATS
/// row 12): <see cref="Kind"/> is <see cref="Gap"/> (expected n+1, received n+k) or <see cref="Reorder"/> (a new
/// message at or below the highest number already stored from that sender); or the hub's withdrawal of a message
/// (<see cref="WithdrawalMismatch"/>: <see cref="MessageId"/>, its number as both Expected and Received) naming a
/// header other than the one this node holds; or the hub's refusal of this node's cursor (<see cref="HubBehindCursor"/>). Resolved alarms (a gap the hub's withdrawals explain, or any alarm an
/// operator resolved) are kept in the table and the audit, and read only when asked for (<see cref="Resolved"/>).
/// </summary>
internal sealed record SequenceAlarm(long Id, string Kind, string Sender, long Expected, long Received, long RaisedAtMs, byte[]? MessageId = null)
{
    public const string Gap = "sequence-gap";
    public const string Reorder = "sequence-reorder";
    public const string WithdrawalMismatch = "withdrawal-mismatch";

    /// <summary>
    /// The hub refused to stream after this node's cursor (Expected and Received), beyond every cursor it assigned: its
    /// database is behind this node's (a restore without `hst-hub restore`), and what it accepted since is not there.
    /// </summary>
    public const string HubBehindCursor = "hub-behind-cursor";

    /// <summary>Null while open.</summary>
    public Resolution? Resolved { get; init; }
}
