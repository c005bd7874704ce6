using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>The hits a message takes part in, as the later (new) or the earlier (held) message, with who was notified of each.</summary>
internal static class LedgerHits
{
    public static IReadOnlyList<LedgerHit> Read(SqliteConnection connection, long hubSequence)
    {
        var hits = connection.Query(
            """
            SELECT h.hit_id, h.kind, h.score, h.detected_at_ms, o.hub_sequence, o.sender, o.message_id
            FROM hits h JOIN messages o ON o.hub_sequence = CASE WHEN h.new_message = $hub THEN h.held_message ELSE h.new_message END
            WHERE h.new_message = $hub OR h.held_message = $hub
            ORDER BY h.detected_at_ms, h.hit_id;
            """,
            reader =>
            {
                var found = new List<(byte[] Id, MatchKind Kind, double Score, long Detected, long Other, PartyId Source, byte[] MessageId)>();
                while (reader.Read())
                {
                    found.Add(((byte[])reader[0], (MatchKind)reader.GetInt64(1), reader.GetDouble(2), reader.GetInt64(3), reader.GetInt64(4),
                        PartyId.Parse(reader.GetString(5)), (byte[])reader[6]));
                }

                return found;
            },
            ("$hub", hubSequence));
        return hits.Select(hit => new LedgerHit(hit.Id, hit.Kind, hit.Score, hit.Detected, hit.Other, hit.Source, hit.MessageId, Notified(connection, hit.Id))).ToList();
    }

    internal static IReadOnlyList<PartyId> Notified(SqliteConnection connection, byte[] hitId) =>
        connection.Query(
            "SELECT recipient FROM hit_notifications WHERE hit_id = $hit ORDER BY recipient;",
            reader =>
            {
                var parties = new List<PartyId>();
                while (reader.Read())
                {
                    parties.Add(PartyId.Parse(reader.GetString(0)));
                }

                return parties;
            },
            ("$hit", hitId));
}
