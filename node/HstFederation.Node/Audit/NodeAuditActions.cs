namespace HstFederation.Node.Audit;

/// <summary>The action names written to the node's audit log.</summary>
internal static class NodeAuditActions
{
    /// <summary>A message durably queued in the outbox; the actor is the operator or agency that created it.</summary>
    public const string Enqueue = "enqueue";

    /// <summary>
    /// A submission repeated with the request id of an earlier one and the same request: nothing queued, the earlier
    /// message's id returned again; the message id is that earlier message, the detail names its local id and the key.
    /// </summary>
    public const string EnqueueRepeat = "enqueue-repeat";

    /// <summary>The hub accepted an outbox message; the detail names the hub sequence.</summary>
    public const string Accepted = "accepted";

    /// <summary>The hub refused an outbox message; the detail is the reason.</summary>
    public const string Rejected = "rejected";

    /// <summary>A queued message's kept envelope dropped so it is sealed anew (the hub found it too old); the detail is the reason.</summary>
    public const string Reseal = "reseal";

    /// <summary>
    /// A queued message numbered again because the hub already held its number from this NCB (SequenceReused: this node
    /// restored from a backup); the detail names the local id, the old and new numbers, the hub's highest, and whether it
    /// is the refused one (its kept envelope dropped, sealed again) or one never sealed.
    /// </summary>
    public const string Renumbered = "renumbered";

    /// <summary>
    /// A backup put in place of the database by `restore` (actor the operator); the detail names the backup and its head, the
    /// replaced database kept aside and its head, the number the next message takes, whether the counts continue from the
    /// replaced database or the backup's, and how many messages the hub accepted from the replaced database that the backup
    /// lacks or holds as queued.
    /// </summary>
    public const string Restore = "restore";

    /// <summary>A queued message's blind tokens dropped because the hub refused them (not the message); the detail is the hub's reason.</summary>
    public const string TokensDropped = "tokens-dropped";

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

    /// <summary>A hit notification from the hub stored; the message id is this NCB's message that matched, the detail the hit id.</summary>
    public const string Hit = "hit";

    /// <summary>An analytical product from the hub stored; the detail names the product id and kind.</summary>
    public const string Product = "product";

    /// <summary>
    /// At open, a hit notification or product a node before migration 14 stored that no longer parses or passes today's check:
    /// left as stored, unlinked (a product is then never served to agencies); the detail names the inbox local id and the reason code.
    /// </summary>
    public const string Unrecorded = "unrecorded";

    /// <summary>
    /// An attempt to release this NCB's message to the other source of a hit (Hub.Release); the message id is the released
    /// message, the detail the hit, the party and the outcome (released, refused with the reason, or the hub unreachable).
    /// </summary>
    public const string Release = "release";

    public const string Read = "read";

    /// <summary>An operator or an agency looked at a message's ledger (`hst-node ledger`, GetLedger): no content was shown.</summary>
    public const string Ledger = "ledger";
    public const string Search = "search";
    public const string Export = "export";

    /// <summary>An agency or an operator listed summaries (outbox, inbox, hits, products); the detail names the list and how many were returned.</summary>
    public const string List = "list";

    /// <summary>An agency opened (or resumed) its inbox stream; the detail names the resume position.</summary>
    public const string Watch = "watch";

    /// <summary>An agency call refused (certificate blocked, not registered, disabled, outside its scope, invalid request); the detail names the method and reason.</summary>
    public const string Denied = "denied";

    /// <summary>An agency's submission refused before anything was queued; the detail names the method, the reason and the field paths (never values).</summary>
    public const string SubmitRefused = "submit-refused";

    /// <summary>The operator registered an agency; the detail names it, its certificate identity and its scope.</summary>
    public const string AgencyAdded = "agency-added";

    /// <summary>The operator changed an agency's scope; the detail is the new scope.</summary>
    public const string AgencyScopeChanged = "agency-scope";

    public const string AgencyDisabled = "agency-disabled";
    public const string AgencyEnabled = "agency-enabled";

    /// <summary>
    /// The operator blocked one agency client certificate (its other certificates keep working); the detail names the agency,
    /// the certificate's serial, its SHA-256 when blocked from its file and the operator's reason.
    /// </summary>
    public const string AgencyCertificateBlocked = "agency-certificate-blocked";

    /// <summary>The operator lifted a certificate's block; the detail names the agency and the certificate's serial.</summary>
    public const string AgencyCertificateUnblocked = "agency-certificate-unblocked";

    /// <summary>An envelope of a message this node holds a tombstone for (recalled or expired): acknowledged, never stored.</summary>
    public const string ReceiveWithdrawn = "receive-withdrawn";

    /// <summary>A lifecycle order from a message's source (or the hub's expiry) applied; the detail names the order, action and outcome.</summary>
    public const string LifecycleApplied = "lifecycle-applied";

    /// <summary>A copy's content deleted (recall, restriction, expiry, cancel); the detail names the box, local id and cause.</summary>
    public const string Purge = "purge";

    /// <summary>A queued message the hub never received cancelled by the operator (`hst-node cancel`); its purge follows.</summary>
    public const string Cancel = "cancel";

    /// <summary>
    /// A copy of a product left unrecorded at upgrade discarded by the operator (`hst-node products discard`): its content
    /// purged, cause discarded; one entry per copy, by the message id of the hub's envelope, the detail naming its inbox row.
    /// </summary>
    public const string Discard = "discard";

    /// <summary>A holder's signed confirmation of an order this node issued, recorded.</summary>
    public const string LifecycleConfirmed = "lifecycle-confirmed";

    /// <summary>A retention review the hub asked for, stored.</summary>
    public const string RetentionReview = "retention-review";

    /// <summary>The hub's report that a message this node sent expired before some recipient acknowledged it, stored.</summary>
    public const string ExpiryReport = "expiry-report";

    /// <summary>A lifecycle order this node signed as a message's source, stored in the order outbox.</summary>
    public const string LifecycleIssued = "lifecycle-issued";

    /// <summary>The hub accepted an issued order; the detail names how many holders it was queued for.</summary>
    public const string LifecycleAccepted = "lifecycle-accepted";

    /// <summary>The hub refused an issued order; the detail names its reason.</summary>
    public const string LifecycleRefused = "lifecycle-refused";

    /// <summary>
    /// A recall waiting for the hub's answer to its message dropped, never sent, because the hub refused the message (it
    /// never left this node); the detail names the order and the message's refusal reason.
    /// </summary>
    public const string LifecycleDropped = "lifecycle-dropped";

    /// <summary>
    /// The hub named one of its messages to this node as withdrawn (a HubWithdrawal entry): recorded, and what became of
    /// the copy here (purged is audited as <see cref="Purge"/>; already purged, never received, or a copy the hub did not mean).
    /// </summary>
    public const string HubWithdrawal = "hub-withdrawal";

    /// <summary>
    /// An alarm resolved: a sequence gap the hub explained by withdrawals (actor the hub; the detail names the alarm and the
    /// notice), or any alarm an operator resolved once looked into (`hst-node quarantine resolve --alarm`; the detail names
    /// the alarm, its kind and the operator's note).
    /// </summary>
    public const string AlarmResolved = "alarm-resolved";

    /// <summary>A quarantined delivery an operator resolved once looked into (`hst-node quarantine resolve --delivery`); the detail names it, its reason and the note.</summary>
    public const string QuarantineResolved = "quarantine-resolved";

    /// <summary>
    /// A new head of the hub's audit chain, as the hub signed it (GetAuditHead): `entries=N head=HASH issued=TIME`, with
    /// `went-back-from=M:HASH` when it has fewer entries than the one recorded before it, or as many with another hash.
    /// </summary>
    public const string HubAuditHead = "hub-audit-head";
}
