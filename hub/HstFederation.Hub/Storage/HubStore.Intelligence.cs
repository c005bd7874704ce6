using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>The intelligence worker's reads (docs/intelligence.md §2). Read-only connections; never wait for the writer.</summary>
internal sealed partial class HubStore
{
    /// <summary>The worker's durable marker: every message up to this hub sequence has been processed.</summary>
    public long ReadProcessedThrough()
    {
        using var connection = Database.OpenReadConnection();
        return (long)connection.Scalar("SELECT processed_through FROM intelligence_state WHERE id = 1;")!;
    }

    /// <summary>
    /// Up to <paramref name="max"/> accepted messages after <paramref name="afterHubSequence"/>, in hub sequence order,
    /// and no more once <paramref name="maxBytes"/> of envelopes were read (always at least one). The envelope of a
    /// message the hub may not read and that came without blind tokens is not read (<see cref="StoredMessage.NothingToMatch"/>):
    /// most of a busy hub's traffic, whose 5 KB envelopes the worker would otherwise read for nothing.
    /// </summary>
    public IReadOnlyList<StoredMessage> ReadMessagesAfter(long afterHubSequence, int max, long maxBytes) =>
        Database.Readers.Use(connection =>
        {
            return connection.InReadTransaction(() =>
            {
                var heads = connection.Query(
                    """
                    SELECT m.hub_sequence, m.sender, m.message_id, l.handling,
                           EXISTS (SELECT 1 FROM matching_tokens t WHERE t.hub_sequence = m.hub_sequence)
                    FROM messages m LEFT JOIN message_lifecycle l ON l.hub_sequence = m.hub_sequence
                    WHERE m.hub_sequence > $after ORDER BY m.hub_sequence LIMIT $max;
                    """,
                    reader =>
                    {
                        var rows = new List<(long HubSequence, string Sender, byte[] MessageId, bool Read)>();
                        while (reader.Read())
                        {
                            var hubMayRead = reader.IsDBNull(3) || Handling.Parser.ParseFrom((byte[])reader[3]).HubMayRead;
                            rows.Add((reader.GetInt64(0), reader.GetString(1), (byte[])reader[2], hubMayRead || reader.GetInt64(4) != 0));
                        }

                        return rows;
                    },
                    ("$after", afterHubSequence),
                    ("$max", max));
                var messages = new List<StoredMessage>(heads.Count);
                long bytes = 0;
                foreach (var (hubSequence, sender, messageId, read) in heads)
                {
                    if (bytes >= maxBytes)
                    {
                        break;
                    }

                    if (!read)
                    {
                        messages.Add(new StoredMessage(hubSequence, PartyId.Parse(sender), messageId, []) { NothingToMatch = true });
                        continue;
                    }

                    var envelope = (byte[])connection.Scalar("SELECT envelope FROM messages WHERE hub_sequence = $hub;", ("$hub", hubSequence))!;
                    bytes += envelope.Length;
                    messages.Add(new StoredMessage(hubSequence, PartyId.Parse(sender), messageId, envelope));
                }

                return messages;
            });
        });

    /// <summary>Every stored entities row with its message's source, in hub sequence order: what the index is rebuilt from at start.</summary>
    public void ReadAllEntities(Action<long, PartyId, byte[]> each)
    {
        using var connection = Database.OpenReadConnection();
        using var command = connection.Command(
            "SELECT e.hub_sequence, m.sender, e.entities FROM message_entities e JOIN messages m ON m.hub_sequence = e.hub_sequence ORDER BY e.hub_sequence;");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            each(reader.GetInt64(0), PartyId.Parse(reader.GetString(1)), (byte[])reader[2]);
        }
    }

    /// <summary>
    /// The blind tokens of the message at <paramref name="hubSequence"/> equal (same key id, kind and token) to a token of
    /// an earlier message from another source than <paramref name="sender"/>. Each pair is found once: when the later
    /// message is processed.
    /// </summary>
    public IReadOnlyList<TokenMatch> FindTokenMatches(long hubSequence, PartyId sender)
    {
        using var connection = Database.OpenReadConnection();
        return connection.Query(
            """
            SELECT DISTINCT held.hub_sequence, mine.kind, mine.path, held.path
            FROM matching_tokens mine
            JOIN matching_tokens held ON held.key_id = mine.key_id AND held.kind = mine.kind AND held.token = mine.token
                                     AND held.hub_sequence < mine.hub_sequence
            JOIN messages m ON m.hub_sequence = held.hub_sequence
            WHERE mine.hub_sequence = $hub AND m.sender <> $sender
            ORDER BY held.hub_sequence, mine.path, held.path;
            """,
            reader =>
            {
                var matches = new List<TokenMatch>();
                while (reader.Read())
                {
                    matches.Add(new TokenMatch(reader.GetInt64(0), (MatchKind)reader.GetInt64(1), reader.GetString(2), reader.GetString(3)));
                }

                return matches;
            },
            ("$hub", hubSequence),
            ("$sender", sender.Uri));
    }

    /// <summary>
    /// The envelope delivery of the message at <paramref name="hubSequence"/> to <paramref name="party"/> that still
    /// stands: null when there is none or it was withdrawn (a recall, or a restriction that no longer lets the party
    /// keep it); else whether it is a forwarded copy (a release) rather than the party being a signed recipient.
    /// </summary>
    public bool? FindDeliveredCopy(long hubSequence, PartyId party)
    {
        using var connection = Database.OpenReadConnection();
        return connection.Scalar(
            """
            SELECT forward_id IS NOT NULL FROM deliveries
            WHERE recipient = $party AND hub_sequence = $hub AND kind = 1 AND withdrawn_at_ms IS NULL
            ORDER BY forward_id IS NOT NULL LIMIT 1;
            """,
            ("$party", party.Uri),
            ("$hub", hubSequence)) is long forwarded ? forwarded == 1 : null;
    }

    /// <summary>The stored message at <paramref name="hubSequence"/>.</summary>
    public StoredMessage ReadMessage(long hubSequence)
    {
        using var connection = Database.OpenReadConnection();
        return ReadMessage(connection, hubSequence);
    }
}
