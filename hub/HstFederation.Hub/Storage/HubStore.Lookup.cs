using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>
    /// The stored digest, receipt and hub sequence of (sender, message id), or null. Lets Submit answer a retry with the
    /// original receipt before checks that depend on the current state (a recipient suspended since, the submit window)
    /// could refuse a message the hub has already accepted. Read-only; never waits for the writer (a first submission
    /// looks here too, and finds nothing).
    /// </summary>
    public Task<(byte[] EnvelopeSha256, byte[] Receipt, long HubSequence)?> FindAcceptedAsync(PartyId sender, byte[] messageId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Once per submission: on a kept-open connection whose statement is compiled already.
        return Task.FromResult(Database.Readers.Use(connection => connection.Query(
            "SELECT envelope_sha256, receipt, hub_sequence FROM messages WHERE sender = $sender AND message_id = $id;",
            reader => reader.Read() ? ((byte[])reader[0], (byte[])reader[1], reader.GetInt64(2)) : default((byte[] EnvelopeSha256, byte[] Receipt, long HubSequence)?),
            ("$sender", sender.Uri),
            ("$id", messageId))));
    }

    /// <summary>
    /// Audits a retry Submit answered with the original receipt of <paramref name="hubSequence"/> from
    /// <see cref="FindAcceptedAsync"/>: the same <c>duplicate</c> entry, with the TLS client certificate, that the accepting
    /// transaction writes for a copy it finds already stored, so the log shows every duplicate whichever check answered it.
    /// One write per retry; a first submission never comes here.
    /// </summary>
    public Task<long> RecordDuplicateAsync(PartyId sender, byte[] messageId, long hubSequence, string? certificate, CancellationToken cancellationToken) =>
        AuditAsync(sender.Uri, AuditActions.Duplicate, messageId, AcceptTransaction.DuplicateDetail(hubSequence), certificate, cancellationToken);
}
