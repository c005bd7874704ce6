namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 20: the heads of the hub's audit chain this node was given (GetAuditHead), each as the hub signed it: how many
/// entries the hub's chain had, the last one's hash, when the hub issued it, when this node recorded it, and whether it
/// went back from the one recorded before it (fewer entries, or as many with another hash). The General Secretariat's
/// auditors check the hub's chain against them (`hst-hub verify-audit --recorded-head`); each row also has its
/// `hub-audit-head` entry in this node's own audit chain. A new table; nothing else changes.
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0020
{
    public const string Sql = """
        CREATE TABLE hub_audit_heads (
            id INTEGER PRIMARY KEY,
            entries INTEGER NOT NULL CHECK (entries >= 0),
            hash BLOB NOT NULL CHECK (length(hash) = 32),
            issued_at_ms INTEGER NOT NULL,
            recorded_at_ms INTEGER NOT NULL,
            went_back INTEGER NOT NULL CHECK (went_back IN (0, 1))
        ) STRICT;
        """;
}
