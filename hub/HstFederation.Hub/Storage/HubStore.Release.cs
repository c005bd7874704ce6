using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>The hit <paramref name="hitId"/> as <paramref name="caller"/> may release it, or null when there is no such hit. Read-only.</summary>
    public Task<ReleaseTarget?> FindReleaseTargetAsync(byte[] hitId, PartyId caller, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();

        // One snapshot for the hit, its messages and their forwards; ended before the pooled connection goes back.
        return connection.InReadTransaction(() =>
        {
            return Task.FromResult(ReadReleaseTarget(connection, hitId, caller));
        });
    }

    /// <summary>
    /// Stores a released forward and its delivery; a duplicate (nothing stored, audited as such) when it had been stored
    /// before; a refusal (audited) when the message was withdrawn or restricted since the caller checked it.
    /// </summary>
    public Task<ForwardOutcome> StoreForwardAsync(ReleasedForward forward, HandlingPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(policy);
        return _writer.RunAsync(context => ForwardTransaction.Execute(context, forward, policy), cancellationToken);
    }

    private static ReleaseTarget? ReadReleaseTarget(SqliteConnection connection, byte[] hitId, PartyId caller)
    {
        var hit = connection.Query(
            """
            SELECT new_message, held_message,
                   EXISTS (SELECT 1 FROM hit_notifications n WHERE n.hit_id = h.hit_id AND n.recipient = $caller)
            FROM hits h WHERE hit_id = $hit;
            """,
            reader => reader.Read() ? (New: reader.GetInt64(0), Held: reader.GetInt64(1), Notified: reader.GetBoolean(2)) : default((long New, long Held, bool Notified)?),
            ("$hit", hitId),
            ("$caller", caller.Uri));
        if (hit is not { } found)
        {
            return null;
        }

        var messages = new[] { ReadMessage(connection, found.New), ReadMessage(connection, found.Held) };
        var mine = messages.FirstOrDefault(message => message.Sender == caller);
        var other = messages.First(message => message != mine).Sender;
        var released = mine is not null && connection.Scalar(
            "SELECT 1 FROM forwards WHERE hub_sequence = $hub AND recipient = $recipient;",
            ("$hub", mine.HubSequence),
            ("$recipient", other.Uri)) is not null;
        return new ReleaseTarget(found.Notified, mine, other, released);
    }

    /// <summary>The stored message at <paramref name="hubSequence"/>, on a connection the caller holds.</summary>
    internal static StoredMessage ReadMessage(SqliteConnection connection, long hubSequence) =>
        connection.Query(
            "SELECT sender, message_id, envelope FROM messages WHERE hub_sequence = $hub;",
            reader => reader.Read()
                ? new StoredMessage(hubSequence, PartyId.Parse(reader.GetString(0)), (byte[])reader[1], (byte[])reader[2])
                : throw new InvalidOperationException($"No message is stored at hub sequence {hubSequence}."),
            ("$hub", hubSequence));
}
