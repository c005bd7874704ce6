namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 11: a member's stream pages by member (<see cref="DeliverPages"/>). An expiry's report to the source
/// (<c>Retention/UndeliveredCopies</c>) and the ledger ask when a page of one member's stream first carried a delivery;
/// through <c>audit_by_action</c> that walked every member's pages since the message was accepted, inside the writer's
/// transaction at an expiry: for a recipient offline over a retention period of years, the whole hub's traffic. With
/// this index it walks that member's pages only, and stops at the first that covers the delivery.
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0011
{
    public const string Sql = """
        -- Partial: one entry per page streamed, nothing else. Not part of the hash chain (AuditChain hashes the fields).
        CREATE INDEX audit_deliver_by_actor ON audit (actor, seq) WHERE action = 'deliver';
        """;
}
