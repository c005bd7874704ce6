namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    /// <summary>
    /// Blocks one certificate of an agency (every call presenting it is refused from the next call on). Audited with
    /// <paramref name="actor"/> (the operator). Null when no agency has the id; not added again when already blocked;
    /// <see cref="AgencyConflictException"/> when it is blocked as another agency's.
    /// </summary>
    public Task<CertificateBlockResult?> BlockAgencyCertificateAsync(NewCertificateBlock block, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        block.Validate();
        return _writer.RunAsync(context => AgencyCertificateTransactions.Block(context, block, actor), cancellationToken);
    }

    /// <summary>Removes the block of <paramref name="sha256"/> for <paramref name="agencyId"/>; the removed block, or null when there was none. Audited.</summary>
    public Task<BlockedAgencyCertificate?> UnblockAgencyCertificateAsync(string agencyId, byte[] sha256, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agencyId);
        ArgumentNullException.ThrowIfNull(sha256);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        return _writer.RunAsync(context => AgencyCertificateTransactions.Unblock(context, agencyId, sha256, actor), cancellationToken);
    }

    /// <summary>The certificates of <paramref name="agencyId"/> blocked now, oldest block first.</summary>
    public Task<IReadOnlyList<BlockedAgencyCertificate>> ListBlockedAgencyCertificatesAsync(string agencyId, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(BlockedCertificateReader.Read(connection, "agency_id = $id ORDER BY blocked_at_ms, sha256", ("$id", agencyId)));
    }

    /// <summary>How many certificates of each agency are blocked (agencies with none are absent).</summary>
    public Task<IReadOnlyDictionary<string, int>> CountBlockedAgencyCertificatesAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        using var command = connection.Command("SELECT agency_id, COUNT(*) FROM blocked_agency_certificates GROUP BY agency_id;");
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return Task.FromResult<IReadOnlyDictionary<string, int>>(counts);
    }

    /// <summary>
    /// For every agency call: the agency whose certificates carry <paramref name="certificateIdentity"/> and the block of the
    /// certificate whose DER hashes to <paramref name="certificateSha256"/>, on one read connection, each by its unique key.
    /// </summary>
    public Task<AgencyCertificateLookup> FindAgencyForCertificateAsync(string certificateIdentity, byte[] certificateSha256, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        var agency = AgencyReader.Read(connection, "certificate_identity = $identity", ("$identity", certificateIdentity)).SingleOrDefault();
        var block = BlockedCertificateReader.Read(connection, "sha256 = $sha256", ("$sha256", certificateSha256)).SingleOrDefault();
        return Task.FromResult(new AgencyCertificateLookup(agency, block));
    }
}
