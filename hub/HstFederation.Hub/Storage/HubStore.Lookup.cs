using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>
    /// The stored digest and receipt of (sender, message id), or null. Lets Submit answer a retry with the
    /// original receipt before checks that depend on the current state (a recipient suspended since, the
    /// submit window) could refuse a message the hub has already accepted. Read-only; never waits for the writer.
    /// </summary>
    public Task<(byte[] EnvelopeSha256, byte[] Receipt)?> FindAcceptedAsync(PartyId sender, byte[] messageId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Once per submission: on a kept-open connection whose statement is compiled already.
        return Task.FromResult(Database.Readers.Use(connection => connection.Query(
            "SELECT envelope_sha256, receipt FROM messages WHERE sender = $sender AND message_id = $id;",
            reader => reader.Read() ? ((byte[])reader[0], (byte[])reader[1]) : default((byte[] EnvelopeSha256, byte[] Receipt)?),
            ("$sender", sender.Uri),
            ("$id", messageId))));
    }
}
