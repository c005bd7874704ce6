namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    /// <summary>
    /// Whether an entry of <paramref name="action"/> was ever audited (the audit is indexed by action). Every `init` audits
    /// itself, so a node with no init entry was created by an init of an earlier release cut short (a full disk, a kill)
    /// before that entry.
    /// </summary>
    public bool HasAuditEntry(string action)
    {
        using var connection = Database.OpenReadConnection();
        return connection.Scalar("SELECT 1 FROM audit WHERE action = $action LIMIT 1;", ("$action", action)) is not null;
    }
}
