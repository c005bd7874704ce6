using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// Messages and hits written straight into a hub database `init` created, as the intelligence worker and the lifecycle
/// leave them (hits, hit_notifications, message_lifecycle): the `hits` tests choose detection times, kinds, sources and
/// states a running hub would take days to produce. Only the columns the listing reads carry meaning.
/// </summary>
internal sealed class HitRows(string databasePath)
{
    private readonly Dictionary<string, long> _sequences = [];

    /// <summary>A member's message; with a lifecycle row when it is not plainly active (as one no order touched has none).</summary>
    public (long HubSequence, byte[] MessageId) Message(string sender, MessageState state = MessageState.Active, long? purgedAtMs = null, long? supersededBy = null)
    {
        var party = PartyId.Member(sender).Uri;
        var sequence = _sequences[party] = _sequences.GetValueOrDefault(party) + 1;
        var id = Guid.CreateVersion7().ToByteArray(bigEndian: true);
        using var connection = Open();
        var hubSequence = (long)connection.Scalar(
            """
            INSERT INTO messages (sender, message_id, sequence, envelope, envelope_sha256, created_at_ms, expires_at_ms, accepted_at_ms, receipt)
            VALUES ($sender, $id, $sequence, X'0A', zeroblob(32), 0, 0, 0, X'0B') RETURNING hub_sequence;
            """,
            ("$sender", party), ("$id", id), ("$sequence", sequence))!;
        if (state != MessageState.Active || supersededBy is not null)
        {
            connection.Execute(
                """
                INSERT INTO message_lifecycle (hub_sequence, header_sha256, version, superseded_by, handling, retain_until_ms, state, purged_at_ms)
                VALUES ($hub, zeroblob(32), 1, $by, X'', 0, $state, $purged);
                """,
                ("$hub", hubSequence), ("$by", supersededBy), ("$state", (long)state), ("$purged", purgedAtMs));
        }

        return (hubSequence, id);
    }

    /// <summary>A hit between two messages (earlier &lt; later, as the table's CHECK wants), notified to <paramref name="notified"/>.</summary>
    public byte[] Hit(long earlier, long later, DateTimeOffset detected, MatchKind kind = MatchKind.Person, double score = 0.9, params string[] notified)
    {
        var hitId = Guid.NewGuid().ToByteArray();
        using var connection = Open();
        connection.Execute(
            """
            INSERT INTO hits (hit_id, new_message, held_message, basis, kind, score, explanation, detected_at_ms)
            VALUES ($hit, $later, $earlier, $basis, $kind, $score, 'person 1.00 agrees LY', $at);
            """,
            ("$hit", hitId), ("$later", later), ("$earlier", earlier), ("$basis", (long)HitBasis.HubIndex), ("$kind", (long)kind), ("$score", score),
            ("$at", detected.ToUnixTimeMilliseconds()));
        foreach (var code in notified)
        {
            connection.Execute(
                "INSERT INTO hit_notifications (hit_id, recipient, notification) VALUES ($hit, $to, $later);",
                ("$hit", hitId), ("$to", PartyId.Member(code).Uri), ("$later", later));
        }

        return hitId;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
