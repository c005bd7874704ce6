using System.Globalization;
using HstFederation.Node.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    /// <summary>
    /// Records a head of the hub's audit chain unless it is the one recorded last, with its `hub-audit-head` audit entry, in
    /// one transaction. Returns the head recorded before it when the new one went back from it (fewer entries, or as many
    /// with another hash), else null; Recorded says whether anything was written.
    /// </summary>
    public Task<(bool Recorded, HubAuditHeadRecord? WentBackFrom)> RecordHubAuditHeadAsync(
        long entries, byte[] hash, long issuedAtMs, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entries);
        ArgumentNullException.ThrowIfNull(hash);
        return _writer.RunAsync(
            context =>
            {
                var last = LastHubAuditHead(context.Connection);
                if (last is not null && last.Entries == entries && last.Hash.AsSpan().SequenceEqual(hash))
                {
                    return (false, (HubAuditHeadRecord?)null);
                }

                // Not the last head: so as many entries means another hash, and a chain only grows.
                var wentBack = last is not null && entries <= last.Entries;
                context.Connection.Execute(
                    """
                    INSERT INTO hub_audit_heads (entries, hash, issued_at_ms, recorded_at_ms, went_back)
                    VALUES ($entries, $hash, $issued, $now, $back);
                    """,
                    ("$entries", entries), ("$hash", hash), ("$issued", issuedAtMs), ("$now", context.NowMs), ("$back", wentBack ? 1 : 0));
                var detail = string.Create(CultureInfo.InvariantCulture,
                    $"entries={entries} head={Convert.ToHexStringLower(hash)} issued={DateTimeOffset.FromUnixTimeMilliseconds(issuedAtMs):yyyy-MM-ddTHH:mm:ss.fffZ}");
                NodeAudit.Append(context.Connection, context.NowMs, "hub", NodeAuditActions.HubAuditHead, null,
                    wentBack ? $"{detail} went-back-from={last!.Head}" : detail);
                return (true, wentBack ? last : null);
            },
            cancellationToken);
    }

    /// <summary>The heads recorded, newest first.</summary>
    public IReadOnlyList<HubAuditHeadRecord> ListHubAuditHeads(int limit)
    {
        using var connection = Database.OpenReadConnection();
        return connection.Query(
            "SELECT entries, hash, issued_at_ms, recorded_at_ms, went_back FROM hub_audit_heads ORDER BY id DESC LIMIT $limit;",
            reader =>
            {
                var heads = new List<HubAuditHeadRecord>();
                while (reader.Read())
                {
                    heads.Add(Read(reader));
                }

                return heads;
            },
            ("$limit", limit));
    }

    /// <summary>The last head recorded (null before the first) and how many of those recorded went back.</summary>
    public (HubAuditHeadRecord? Last, long WentBack) HubAuditHeadSummary()
    {
        using var connection = Database.OpenReadConnection();
        return connection.InReadTransaction(() =>
            (LastHubAuditHead(connection), (long)connection.Scalar("SELECT count(*) FROM hub_audit_heads WHERE went_back = 1;")!));
    }

    private static HubAuditHeadRecord? LastHubAuditHead(SqliteConnection connection) =>
        connection.Query(
            "SELECT entries, hash, issued_at_ms, recorded_at_ms, went_back FROM hub_audit_heads ORDER BY id DESC LIMIT 1;",
            reader => reader.Read() ? Read(reader) : null);

    private static HubAuditHeadRecord Read(SqliteDataReader reader) =>
        new(reader.GetInt64(0), (byte[])reader[1], reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4) == 1);
}
