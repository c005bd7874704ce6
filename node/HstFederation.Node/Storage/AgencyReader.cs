using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>Reads agency rows; a row that no longer parses fails closed (InvalidDataException), never widens.</summary>
internal static class AgencyReader
{
    private const string Columns = """
        agency_id, display_name, certificate_identity, may_submit, may_search, read_all_handling, read_handling,
        read_all_crime_types, read_crime_types, disabled, created_at_ms, updated_at_ms, may_release
        """;

    /// <summary><paramref name="where"/> is a fixed SQL fragment from this assembly; values go in parameters.</summary>
    public static IReadOnlyList<AgencyRecord> Read(SqliteConnection connection, string where, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command($"SELECT {Columns} FROM agencies WHERE {where};", parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<AgencyRecord>();
        while (reader.Read())
        {
            rows.Add(Row(reader));
        }

        return rows;
    }

    private static AgencyRecord Row(SqliteDataReader reader)
    {
        var identity = reader.GetString(2);
        if (!AgencyId.TryParse(identity, out var agency))
        {
            throw new InvalidDataException($"The agencies table holds an invalid certificate identity '{identity}'.");
        }

        var scope = new AgencyScope(
            reader.GetInt64(3) == 1,
            reader.GetInt64(4) == 1,
            ScopeTokens.FromColumn<HandlingCode>(reader.GetInt64(5) == 1, reader.GetString(6)),
            ScopeTokens.FromColumn<CrimeType>(reader.GetInt64(7) == 1, reader.GetString(8)))
        {
            MayRelease = reader.GetInt64(12) == 1,
        };
        return new AgencyRecord(reader.GetString(0), reader.GetString(1), agency, scope, reader.GetInt64(9) == 1, reader.GetInt64(10), reader.GetInt64(11));
    }
}
