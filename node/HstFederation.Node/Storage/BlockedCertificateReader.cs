using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>Reads rows of <c>blocked_agency_certificates</c>.</summary>
internal static class BlockedCertificateReader
{
    public const string Columns = "serial, agency_id, sha256, subject, not_after_ms, reason, blocked_at_ms, blocked_by";

    /// <summary><paramref name="where"/> is a fixed SQL fragment from this assembly; values go in parameters.</summary>
    public static IReadOnlyList<BlockedAgencyCertificate> Read(SqliteConnection connection, string where, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command($"SELECT {Columns} FROM blocked_agency_certificates WHERE {where};", parameters);
        using var reader = command.ExecuteReader();
        return ReadAll(reader);
    }

    public static List<BlockedAgencyCertificate> ReadAll(SqliteDataReader reader)
    {
        var rows = new List<BlockedAgencyCertificate>();
        while (reader.Read())
        {
            rows.Add(new BlockedAgencyCertificate(
                reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : (byte[])reader[2], reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt64(6), reader.GetString(7)));
        }

        return rows;
    }
}
