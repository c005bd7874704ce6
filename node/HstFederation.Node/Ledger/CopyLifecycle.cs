using HstFederation.Protocol.V1;

namespace HstFederation.Node.Ledger;

/// <summary>
/// Where a stored copy stands in its lifecycle (Migration0009 columns): its version and what it supersedes or was
/// superseded by, its effective handling (the signed header's as later restricted; null: unchanged) and retention date,
/// and when and why it was purged (its content is then gone from the row). <see cref="EffectiveHandlingUnreadable"/>: a
/// restriction was stored but its bytes do not parse (a damaged file); readers that decide who may see the copy treat
/// that as "nobody" rather than fall back to the looser handling first signed.
/// </summary>
internal sealed record CopyLifecycle(
    long Version,
    byte[]? SupersedesMessageId,
    string? LineageReason,
    byte[]? SupersededBy,
    Handling? EffectiveHandling,
    long? RetainUntilMs,
    long? PurgedAtMs,
    string? PurgeCause,
    bool EffectiveHandlingUnreadable = false)
{
    /// <summary>The columns every ledger query selects, in this order.</summary>
    public const string Columns = "version, supersedes_message_id, lineage_reason, superseded_by, effective_handling, retain_until_ms, purged_at_ms, purge_cause";

    public static CopyLifecycle FromRow(Microsoft.Data.Sqlite.SqliteDataReader reader, int first)
    {
        var restricted = !reader.IsDBNull(first + 4);
        var handling = restricted ? ParseHandling((byte[])reader[first + 4]) : null;
        return new(
            reader.GetInt64(first),
            reader.IsDBNull(first + 1) ? null : (byte[])reader[first + 1],
            reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
            reader.IsDBNull(first + 3) ? null : (byte[])reader[first + 3],
            handling,
            reader.IsDBNull(first + 5) ? null : reader.GetInt64(first + 5),
            reader.IsDBNull(first + 6) ? null : reader.GetInt64(first + 6),
            reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
            EffectiveHandlingUnreadable: restricted && handling is null);
    }

    private static Handling? ParseHandling(byte[] stored)
    {
        try
        {
            return Handling.Parser.ParseFrom(stored);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
