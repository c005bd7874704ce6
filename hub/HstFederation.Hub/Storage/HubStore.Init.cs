namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>
    /// Whether anything was ever audited. `init` audits a hub it creates first of all, so a hub with an empty audit log was
    /// created by an init of an earlier release cut short (a full disk, a kill) before that entry, and nothing was done since.
    /// The audit's first row, not a search for the init entry: the hub's audit holds a row per delivery and has no index by action.
    /// </summary>
    public bool HasAuditEntries()
    {
        using var connection = Database.OpenReadConnection();
        return connection.Scalar("SELECT 1 FROM audit LIMIT 1;") is not null;
    }
}
