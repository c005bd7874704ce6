namespace HstFederation.Hub.Audit;

/// <summary>The action names written to the audit log.</summary>
internal static class AuditActions
{
    public const string Accept = "accept";
    public const string Duplicate = "duplicate";

    /// <summary>A refused request; the detail is the RejectionReason name (counted by stats).</summary>
    public const string Reject = "reject";

    /// <summary>A call refused by the RPC policy; the detail names the method and the caller's role.</summary>
    public const string Deny = "deny";

    /// <summary>A member opened a stream (Subscribe); the detail names the cursor it asked to stream after.</summary>
    public const string Subscribe = "subscribe";

    /// <summary>A page of deliveries written to a subscriber's stream; the detail names the cursor range.</summary>
    public const string Deliver = "deliver";

    public const string Acknowledge = "acknowledge";

    /// <summary>The hub stored a message it authored (a hit notification, an analytical product) for one member.</summary>
    public const string Send = "send";

    /// <summary>The hub did not send its own message: the recipient is not enrolled, revoked, or has no valid encryption key.</summary>
    public const string SendSkipped = "send-skipped";
    /// <summary>The intelligence worker found a hit; the detail names both messages by hub sequence, kind, score and basis.</summary>
    public const string Hit = "hit";

    /// <summary>A message the hub may read that it could not index (the detail says why); it takes part in no hit.</summary>
    public const string IndexSkipped = "index-skipped";

    /// <summary>A new message had more hits than Hub:Intelligence:MaxHitsPerMessage; the detail says how many were left out.</summary>
    public const string HitsCapped = "hits-capped";

    /// <summary>A source released its message of a hit to the other source (Hub.Release); "duplicate" when it had been.</summary>
    public const string Release = "release";

    /// <summary>The hub stored a forwarded envelope (one more signed forward record) for a new recipient.</summary>
    public const string Forward = "forward";

    public const string Enroll = "enroll";
    public const string MemberStatus = "member-status";
    public const string DefineRegion = "define-region";

    /// <summary>A product run was asked for (operator) or scheduled (hub); the detail names run, kind, period and recipients.</summary>
    public const string ProductRequest = "product-request";

    /// <summary>A product was sent to one member; the message id is the hub's envelope carrying it. Never its content.</summary>
    public const string Product = "product";

    /// <summary>A product run finished; the detail counts the products and names what was left out and why.</summary>
    public const string ProductRun = "product-run";

    /// <summary>
    /// A source's recall, expiry or restriction purged a product at the hub (docs/intelligence.md); the message id is the hub's envelope
    /// that carried it, the detail names the product, the cause and the source's hub sequence.
    /// </summary>
    public const string ProductPurge = "product-purge";

    /// <summary>A lifecycle order was accepted (docs/lifecycle.md §3); the detail names order id, action, hub sequence and holder count.</summary>
    public const string Lifecycle = "lifecycle";

    /// <summary>A holder's signed confirmation of a lifecycle order was recorded; the detail names the order and the outcome.</summary>
    public const string LifecycleConfirmation = "lifecycle-confirmation";

    /// <summary>A message was superseded by its source's update (under the old version's id); the detail names both hub sequences and the new version.</summary>
    public const string Supersede = "supersede";

    /// <summary>The hub asked a message's source to review its retention date; the detail names the message's hub sequence and the date.</summary>
    public const string RetentionReview = "retention-review";

    /// <summary>
    /// The hub expired a message before some recipient acknowledged it and sent its source an ExpiryReport; the detail names
    /// the message's hub sequence, the expiry order, each such recipient and the report's hub sequence (or "undeliverable").
    /// </summary>
    public const string ExpiryReport = "expiry-report";

    /// <summary>
    /// The hub withdrew deliveries of its own messages to a member and queued it a HubWithdrawal naming them; filed under
    /// the id of the message whose recall, expiry or restriction caused it, the detail names that message's hub sequence,
    /// the member, the cause, how many and which messages, and the notice's hub sequence (or "undeliverable").
    /// </summary>
    public const string HubWithdrawal = "hub-withdrawal";

    /// <summary>
    /// `hst-hub restore` put a backup in place of the database (operator actor): the first entry after the backup's own, naming the
    /// backup file, the replaced database (kept aside) and both audit heads, and where delivery cursors and hub sequences continue.
    /// </summary>
    public const string Restore = "restore";
}
