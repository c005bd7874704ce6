using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Hub.Intelligence;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// The <c>message_lifecycle</c> rows, on the connection the caller holds (the writer's inside a transaction, or a
/// reader). A message accepted before migration 5 has no row until first used: <see cref="Ensure"/> creates it from
/// the signed header of the stored envelope, which the hub verified when it accepted it.
/// </summary>
internal static class LifecycleStates
{
    private const string Select = """
        SELECT m.hub_sequence, m.sender, m.message_id, l.header_sha256, l.version, l.supersedes, l.superseded_by, l.handling,
               l.retain_until_ms, l.state, l.purged_at_ms
        FROM messages m JOIN message_lifecycle l ON l.hub_sequence = m.hub_sequence
        """;

    /// <summary>The state of the message at <paramref name="hubSequence"/>, creating its row if it has none yet.</summary>
    public static LifecycleState Ensure(SqliteConnection connection, long hubSequence)
    {
        if (Find(connection, hubSequence) is { } state)
        {
            return state;
        }

        var envelope = (byte[])connection.Scalar("SELECT envelope FROM messages WHERE hub_sequence = $hub;", ("$hub", hubSequence))!;
        var headerBytes = Envelope.Parser.ParseFrom(envelope).Header;
        var header = StoredHeaders.Read(envelope);
        Insert(connection, hubSequence, SHA256.HashData(headerBytes.Span), header, supersedes: null);
        return Find(connection, hubSequence)!;
    }

    public static LifecycleState? Find(SqliteConnection connection, long hubSequence) =>
        connection.Query(Select + " WHERE m.hub_sequence = $hub;", reader => reader.Read() ? Read(reader) : null, ("$hub", hubSequence));

    /// <summary>Every stored (hub sequence, sender) with this message id: ids are unique per sender only.</summary>
    public static List<(long HubSequence, string Sender)> FindById(SqliteConnection connection, byte[] messageId) =>
        connection.Query(
            "SELECT hub_sequence, sender FROM messages WHERE message_id = $id ORDER BY hub_sequence;",
            reader =>
            {
                var found = new List<(long, string)>();
                while (reader.Read())
                {
                    found.Add((reader.GetInt64(0), reader.GetString(1)));
                }

                return found;
            },
            ("$id", messageId));

    /// <summary>The row of a message just accepted: version 1, or the lineage's (with its reason), with the header's handling and retention date.</summary>
    public static void Insert(SqliteConnection connection, long hubSequence, byte[] headerSha256, EnvelopeHeader header, long? supersedes) =>
        connection.Execute(
            """
            INSERT INTO message_lifecycle (hub_sequence, header_sha256, version, supersedes, handling, retain_until_ms, state, lineage_reason)
            VALUES ($hub, $sha, $version, $supersedes, $handling, $until, 1, $reason);
            """,
            ("$hub", hubSequence),
            ("$sha", headerSha256),
            ("$version", header.Lineage is { } lineage ? (long)lineage.Version : 1L),
            ("$reason", header.Lineage?.Reason),
            ("$supersedes", supersedes),
            ("$handling", (header.Handling ?? new Handling()).ToByteArray()),
            ("$until", RetainUntilMs(header)));

    /// <summary>
    /// The header's retention date (its whole milliseconds, as step 9 checked them), or the default five years after creation
    /// when it names none.
    /// </summary>
    public static long RetainUntilMs(EnvelopeHeader header) =>
        header.Handling?.RetainUntil is { } until
            ? Protocol.Envelope.ProtoTimestamps.ToUnixMilliseconds(until)
            : DateTimeOffset.FromUnixTimeMilliseconds(header.CreatedAtMs).Add(LifecycleRules.DefaultRetention).ToUnixTimeMilliseconds();

    public static void SetHandling(SqliteConnection connection, long hubSequence, Handling handling) =>
        connection.Execute("UPDATE message_lifecycle SET handling = $handling WHERE hub_sequence = $hub;",
            ("$handling", handling.ToByteArray()), ("$hub", hubSequence));

    public static void SetRetainUntil(SqliteConnection connection, long hubSequence, long retainUntilMs) =>
        connection.Execute("UPDATE message_lifecycle SET retain_until_ms = $until WHERE hub_sequence = $hub;",
            ("$until", retainUntilMs), ("$hub", hubSequence));

    public static void SetState(SqliteConnection connection, long hubSequence, MessageState state) =>
        connection.Execute("UPDATE message_lifecycle SET state = $state WHERE hub_sequence = $hub;",
            ("$state", (long)state), ("$hub", hubSequence));

    public static void SetSupersededBy(SqliteConnection connection, long hubSequence, long by) =>
        connection.Execute("UPDATE message_lifecycle SET superseded_by = $by WHERE hub_sequence = $hub;",
            ("$by", by), ("$hub", hubSequence));

    /// <summary>Whether the message may still be matched: current (active, not superseded). A message with no row yet is.</summary>
    public static bool IsMatchable(SqliteConnection connection, long hubSequence) =>
        connection.Scalar(
            "SELECT 1 FROM message_lifecycle WHERE hub_sequence = $hub AND (state <> 1 OR superseded_by IS NOT NULL);",
            ("$hub", hubSequence)) is null;

    private static LifecycleState Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        PartyId.Parse(reader.GetString(1)),
        (byte[])reader[2],
        (byte[])reader[3],
        reader.GetInt32(4),
        reader.IsDBNull(5) ? null : reader.GetInt64(5),
        reader.IsDBNull(6) ? null : reader.GetInt64(6),
        Handling.Parser.ParseFrom((byte[])reader[7]),
        reader.GetInt64(8),
        (MessageState)reader.GetInt64(9),
        reader.IsDBNull(10) ? null : reader.GetInt64(10));
}

