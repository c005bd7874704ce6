using System.Security.Cryptography;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// The one place the retention schedule and `hst-hub status` learn each message's effective retention date. For now
/// the date is the signed header's handling.retain_until, read by paging through the members' stored envelopes
/// (the hub's own messages have no source to review them); the lifecycle state replaces it with the effective date.
/// </summary>
internal static class RetentionDates
{
    private const int Page = 500;

    /// <summary>Members' messages whose retention date is at or before <paramref name="untilMs"/>, by date; unreadable headers are counted, not trusted.</summary>
    public static IReadOnlyList<RetentionCandidate> Until(SqliteConnection connection, long untilMs, out int unreadable)
    {
        var dated = new List<RetentionCandidate>();
        unreadable = 0;
        long after = 0;
        while (true)
        {
            var rows = connection.Query(
                """
                SELECT hub_sequence, sender, message_id, envelope FROM messages
                WHERE hub_sequence > $after AND sender LIKE 'urn:hst:member:%' ORDER BY hub_sequence LIMIT $page;
                """,
                reader =>
                {
                    var page = new List<(long Hub, string Sender, byte[] Id, byte[] Envelope)>();
                    while (reader.Read())
                    {
                        page.Add((reader.GetInt64(0), reader.GetString(1), (byte[])reader[2], (byte[])reader[3]));
                    }

                    return page;
                },
                ("$after", after),
                ("$page", Page));
            foreach (var row in rows)
            {
                if (Read(row.Hub, row.Sender, row.Id, row.Envelope) is not { } candidate)
                {
                    unreadable++;
                }
                else if (candidate.RetainUntilMs <= untilMs)
                {
                    dated.Add(candidate);
                }
            }

            if (rows.Count < Page)
            {
                return dated.OrderBy(candidate => candidate.RetainUntilMs).ThenBy(candidate => candidate.HubSequence).ToList();
            }

            after = rows[^1].Hub;
        }
    }

    private static RetentionCandidate? Read(long hubSequence, string sender, byte[] messageId, byte[] stored)
    {
        try
        {
            var envelope = Envelope.Parser.ParseFrom(stored);
            var retainUntil = EnvelopeHeader.Parser.ParseFrom(envelope.Header).Handling?.RetainUntil;
            return retainUntil is null || !PartyId.TryParse(sender, out var source)
                ? null
                : new RetentionCandidate(hubSequence, source, messageId, SHA256.HashData(envelope.Header.Span), retainUntil.ToDateTimeOffset().ToUnixTimeMilliseconds());
        }
        catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
