using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>
    /// The stored digest and receipt of (sender, message id), or null. Lets Submit answer a retry with the
    /// original receipt before checks that depend on the current state (a recipient suspended since, the
    /// submit window) could refuse a message the hub has already accepted. Read-only; never waits for the writer.
    /// </summary>
    public async Task<(byte[] EnvelopeSha256, byte[] Receipt)?> FindAcceptedAsync(PartyId sender, byte[] messageId, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        using var command = connection.Command(
            "SELECT envelope_sha256, receipt FROM messages WHERE sender = $sender AND message_id = $id;",
            ("$sender", sender.Uri),
            ("$id", messageId));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ((byte[])reader[0], (byte[])reader[1]) : null;
    }
}
