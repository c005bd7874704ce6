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

    /// <summary>A page of deliveries written to a subscriber's stream; the detail names the cursor range.</summary>
    public const string Deliver = "deliver";

    public const string Acknowledge = "acknowledge";

    /// <summary>The hub stored a message it authored (a hit notification, an analytical product) for one member.</summary>
    public const string Send = "send";

    /// <summary>The hub did not send its own message: the recipient is not enrolled, revoked, or has no valid encryption key.</summary>
    public const string SendSkipped = "send-skipped";
    public const string Enroll = "enroll";
    public const string MemberStatus = "member-status";
    public const string DefineRegion = "define-region";

    /// <summary>A product run was asked for (operator) or scheduled (hub); the detail names run, kind, period and recipients.</summary>
    public const string ProductRequest = "product-request";

    /// <summary>A product was sent to one member; the message id is the hub's envelope carrying it. Never its content.</summary>
    public const string Product = "product";

    /// <summary>A product run finished; the detail counts the products and names what was left out and why.</summary>
    public const string ProductRun = "product-run";
}
