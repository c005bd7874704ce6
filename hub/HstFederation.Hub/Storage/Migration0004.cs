namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 4: look-ups by message for its who-received-what ledger (`hst-hub ledger`, issue 8). No new data: the
/// ledger is read from the rows the hub already keeps. The audit log had no index by message id (a ledger would scan
/// every entry ever written), and hits none by the earlier of their two messages. Deliveries need none: every
/// recipient is an enrolled member, so (recipient, hub_sequence) of deliveries_envelope_once finds them.
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0004
{
    public const string Sql = """
        -- Partial: entries that name no message (deny, deliver, enroll, ...) stay out of it. An index is not part of
        -- the hash chain (AuditChain hashes the entry's fields), so adding it changes no stored hash.
        CREATE INDEX audit_by_message ON audit (message_id, seq) WHERE message_id IS NOT NULL;
        CREATE INDEX hits_by_held ON hits (held_message);
        """;
}
