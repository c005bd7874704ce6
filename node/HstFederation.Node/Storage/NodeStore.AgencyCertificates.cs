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

    /// <summary>Removes the block of <paramref name="serial"/> for <paramref name="agencyId"/>; the removed block, or null when there was none. Audited.</summary>
    public Task<BlockedAgencyCertificate?> UnblockAgencyCertificateAsync(string agencyId, string serial, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agencyId);
        ArgumentException.ThrowIfNullOrEmpty(serial);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        return _writer.RunAsync(context => AgencyCertificateTransactions.Unblock(context, agencyId, serial, actor), cancellationToken);
    }

    /// <summary>The certificates of <paramref name="agencyId"/> blocked now, oldest block first.</summary>
    public Task<IReadOnlyList<BlockedAgencyCertificate>> ListBlockedAgencyCertificatesAsync(string agencyId, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(BlockedCertificateReader.Read(connection, "agency_id = $id ORDER BY blocked_at_ms, serial", ("$id", agencyId)));
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
    /// certificate with serial <paramref name="certificateSerial"/> (<see cref="Agency.AgencyCertificateSerial"/>), on one read
    /// connection, each by its unique key.
    /// </summary>
    public Task<AgencyCertificateLookup> FindAgencyForCertificateAsync(string certificateIdentity, string certificateSerial, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        var agency = AgencyReader.Read(connection, "certificate_identity = $identity", ("$identity", certificateIdentity)).SingleOrDefault();
        var block = BlockedCertificateReader.Read(connection, "serial = $serial", ("$serial", certificateSerial)).SingleOrDefault();
        return Task.FromResult(new AgencyCertificateLookup(agency, block));
    }

    /// <summary>
    /// For the agency TLS handshake (a synchronous callback on a thread-pool thread): whether <paramref name="certificateSerial"/>
    /// is blocked, by one primary-key look-up on a pooled read connection. WAL lets it read while the writer commits; its busy
    /// timeout is cut to <see cref="HandshakeBusyTimeoutMs"/> so a locked file (a checkpoint's rare moment) holds the thread
    /// briefly and then throws, which the handshake turns into a refusal (fail closed; the client connects again).
    /// </summary>
    public bool IsAgencyCertificateBlocked(string certificateSerial)
    {
        using var connection = Database.OpenReadConnection();
        connection.Execute($"PRAGMA busy_timeout = {HandshakeBusyTimeoutMs};"); // reset by the next OpenReadConnection of this pooled connection
        return connection.Scalar("SELECT 1 FROM blocked_agency_certificates WHERE serial = $serial;", ("$serial", certificateSerial)) is not null;
    }

    /// <summary>How long a handshake's block look-up waits for a locked file before it refuses the certificate.</summary>
    private const int HandshakeBusyTimeoutMs = 200;
}
