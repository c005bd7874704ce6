using HstFederation.Storage.Audit;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>The audit chain's last committed entry: its seq (the number of entries) and hash; 0 and the genesis hash when empty.</summary>
    public (long Entries, byte[] Hash) ReadAuditHead()
    {
        using var connection = Database.OpenReadConnection();
        using var command = connection.Command("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;");
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), (byte[])reader[1]) : (0, AuditChain.Genesis);
    }
}
