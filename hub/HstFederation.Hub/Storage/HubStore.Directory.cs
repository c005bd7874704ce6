using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    public async Task<MemberRecord?> GetMemberAsync(PartyId party, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        var members = await ReadMembersAsync(connection, party.Uri, cancellationToken).ConfigureAwait(false);
        return members.Count == 0 ? null : members[0];
    }

    public async Task<IReadOnlyList<MemberRecord>> ListMembersAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return await ReadMembersAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RegionRecord>> ListRegionsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return await ReadRegionsAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Serial, members and regions from one read snapshot.</summary>
    public async Task<DirectorySnapshot> ReadDirectoryAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        connection.Execute("BEGIN;");
        try
        {
            var serial = (long)connection.Scalar("SELECT serial FROM directory_state WHERE id = 1;")!;
            var members = await ReadMembersAsync(connection, null, cancellationToken).ConfigureAwait(false);
            var regions = await ReadRegionsAsync(connection, cancellationToken).ConfigureAwait(false);
            return new DirectorySnapshot(serial, members, regions);
        }
        finally
        {
            connection.Execute("COMMIT;");
        }
    }

    private static async Task<List<MemberRecord>> ReadMembersAsync(
        SqliteConnection connection, string? party, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            """
            SELECT party, status, signing_certificate, encryption_certificate, updated_at_ms FROM members
            WHERE $party IS NULL OR party = $party ORDER BY party;
            """,
            ("$party", party));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var members = new List<MemberRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            members.Add(new MemberRecord(
                PartyId.Parse(reader.GetString(0)), (MemberStatus)reader.GetInt32(1), (byte[])reader[2], (byte[])reader[3],
                reader.GetInt64(4)));
        }

        return members;
    }

    private static async Task<List<RegionRecord>> ReadRegionsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.Command("SELECT name, member FROM regions ORDER BY name, member;");
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var regions = new List<RegionRecord>();
        var members = new List<PartyId>();
        string? current = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = reader.GetString(0);
            if (current is not null && !string.Equals(name, current, StringComparison.Ordinal))
            {
                regions.Add(new RegionRecord(current, members));
                members = [];
            }

            current = name;
            members.Add(PartyId.Parse(reader.GetString(1)));
        }

        if (current is not null)
        {
            regions.Add(new RegionRecord(current, members));
        }

        return regions;
    }
}
