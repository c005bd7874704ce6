using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>
    /// The who-received-what ledger of the message <paramref name="messageId"/> (of <paramref name="sender"/> if given), from
    /// one read snapshot; see <see cref="LedgerLookup"/> for an id no source or several sources used. Read-only.
    /// </summary>
    public Task<LedgerLookup> LedgerAsync(byte[] messageId, PartyId? sender, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();

        // One snapshot: copies, hits and audit entries all as of the same commit.
        return connection.InReadTransaction(() =>
        {
            var senders = LedgerReader.Senders(connection, messageId, sender);
            return Task.FromResult(new LedgerLookup(senders.Count == 1 ? LedgerReader.Read(connection, senders[0], messageId) : null, senders));
        });
    }
}
