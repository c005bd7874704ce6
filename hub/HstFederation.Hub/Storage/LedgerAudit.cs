using System.Globalization;
using HstFederation.Protocol.Identities;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// The audit entries about one message, in log order. An entry names a message by id only, and ids are unique per sender
/// only, so an entry with the id is this message's when its actor is the source (accept, duplicate, reject, release) or
/// its detail names the message's hub sequence (acknowledge, forward, send, index-skipped, hits-capped, lifecycle, expiry-report,
/// an operator's ledger look: "hub_sequence=N"; hit: "new_hub_sequence=N") or one of its lifecycle orders (lifecycle-confirmation: "order=…"). A hit
/// found when a later message arrived is audited under that message's id with "held_hub_sequence=N": those entries are
/// read under the other messages' ids. Entries naming no message (deliver pages, deny) are not included.
/// </summary>
internal static class LedgerAudit
{
    /// <summary>The audit entries under one message id, through audit_by_message (migration 4).</summary>
    internal const string EntriesSql = "SELECT seq, at_ms, actor, action, detail, certificate FROM audit WHERE message_id = $id ORDER BY seq;";

    public static IReadOnlyList<LedgerAuditEntry> Read(SqliteConnection connection, PartyId sender, byte[] messageId, long hubSequence, IReadOnlyList<LedgerHit> hits)
    {
        var number = hubSequence.ToString(CultureInfo.InvariantCulture);
        string[] names = ["hub_sequence=" + number, "new_hub_sequence=" + number, "held_hub_sequence=" + number, .. OrderNames(connection, hubSequence)];
        var entries = Entries(connection, messageId)
            .Where(entry => entry.Actor == sender.Uri || Names(entry, names))
            .ToList();
        foreach (var other in hits.Select(hit => hit.OtherMessageId).DistinctBy(Convert.ToHexString))
        {
            entries.AddRange(Entries(connection, other).Where(entry => Names(entry, ["held_hub_sequence=" + number])));
        }

        return entries.DistinctBy(entry => entry.Seq).OrderBy(entry => entry.Seq).ToList();
    }

    /// <summary>"order=…" of each lifecycle order about the message: a holder's confirmation is audited under the id with it.</summary>
    private static List<string> OrderNames(SqliteConnection connection, long hubSequence) =>
        connection.Query(
            "SELECT order_id FROM lifecycle_orders WHERE hub_sequence = $hub;",
            reader =>
            {
                var names = new List<string>();
                while (reader.Read())
                {
                    names.Add("order=" + Convert.ToHexStringLower((byte[])reader[0]));
                }

                return names;
            },
            ("$hub", hubSequence));

    private static bool Names(LedgerAuditEntry entry, string[] names) =>
        entry.Detail.Split(' ').Any(word => names.Contains(word, StringComparer.Ordinal));

    private static List<LedgerAuditEntry> Entries(SqliteConnection connection, byte[] messageId) =>
        connection.Query(
            EntriesSql,
            reader =>
            {
                var entries = new List<LedgerAuditEntry>();
                while (reader.Read())
                {
                    entries.Add(new LedgerAuditEntry(
                        reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
                }

                return entries;
            },
            ("$id", messageId));
}
