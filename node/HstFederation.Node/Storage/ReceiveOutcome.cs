namespace HstFederation.Node.Storage;

/// <summary>What storing a verified delivery found under its (sender, message id).</summary>
internal enum ReceiveOutcome
{
    /// <summary>Nothing: the message is stored now.</summary>
    New,

    /// <summary>The same message (same signed header): stored once already, nothing changes.</summary>
    Repeat,

    /// <summary>Another signed header: a conflict, not a second message (docs/protocol.md §4); nothing is stored.</summary>
    Conflict,

    /// <summary>
    /// The message was recalled or expired (a tombstone names it) before this envelope arrived: nothing is stored, and
    /// the delivery is acknowledged with an ordinary receipt so the stream moves on (docs/lifecycle.md §4).
    /// </summary>
    Withdrawn,
}
