namespace HstFederation.Node.Audit;

/// <summary>The action names written to the node's audit log.</summary>
internal static class NodeAuditActions
{
    /// <summary>A message durably queued in the outbox; the actor is the operator or agency that created it.</summary>
    public const string Enqueue = "enqueue";

    /// <summary>The hub accepted an outbox message; the detail names the hub sequence.</summary>
    public const string Accepted = "accepted";

    /// <summary>The hub refused an outbox message; the detail is the reason.</summary>
    public const string Rejected = "rejected";

    /// <summary>A recipient's delivery receipt for an outbox message; the actor is the recipient.</summary>
    public const string Delivered = "delivered";

    /// <summary>A verified delivery stored in the inbox; the actor is its sender.</summary>
    public const string Receive = "receive";

    /// <summary>A delivery that failed verification, kept apart; the detail is the reason.</summary>
    public const string Quarantine = "quarantine";

    /// <summary>A gap or step back in a sender's sequence; the detail names the kind, expected and received numbers.</summary>
    public const string SequenceAlarm = "sequence-alarm";

    /// <summary>`hst-node init` created or migrated the database.</summary>
    public const string Init = "init";

    public const string Read = "read";
    public const string Search = "search";
    public const string Export = "export";
}
