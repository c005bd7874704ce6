namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    /// <summary>
    /// Registers an agency (default scope: none). Audited with <paramref name="actor"/> (the operator).
    /// Throws <see cref="AgencyConflictException"/> when its id or certificate identity is taken.
    /// </summary>
    public Task<AgencyRecord> AddAgencyAsync(NewAgency agency, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agency);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        agency.Validate();
        return _writer.RunAsync(context => AgencyTransactions.Add(context, agency, actor), cancellationToken);
    }

    /// <summary>Replaces an agency's scope; null when no agency has <paramref name="agencyId"/>. Audited.</summary>
    public Task<AgencyRecord?> SetAgencyScopeAsync(string agencyId, AgencyScope scope, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agencyId);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        return _writer.RunAsync(context => AgencyTransactions.SetScope(context, agencyId, scope, actor), cancellationToken);
    }

    /// <summary>Disables (every call refused) or re-enables an agency; null when it does not exist. Audited.</summary>
    public Task<AgencyRecord?> SetAgencyDisabledAsync(string agencyId, bool disabled, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agencyId);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        return _writer.RunAsync(context => AgencyTransactions.SetDisabled(context, agencyId, disabled, actor), cancellationToken);
    }

    /// <summary>Every registered agency, by id.</summary>
    public Task<IReadOnlyList<AgencyRecord>> ListAgenciesAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(AgencyReader.Read(connection, "1 = 1 ORDER BY agency_id"));
    }

    public Task<AgencyRecord?> GetAgencyAsync(string agencyId, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(AgencyReader.Read(connection, "agency_id = $id", ("$id", agencyId)).SingleOrDefault());
    }

    /// <summary>The agency whose certificates carry <paramref name="certificateIdentity"/> (urn:hst:agency:CC:name), or null.</summary>
    public Task<AgencyRecord?> FindAgencyByIdentityAsync(string certificateIdentity, CancellationToken cancellationToken = default)
    {
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(AgencyReader.Read(connection, "certificate_identity = $identity", ("$identity", certificateIdentity)).SingleOrDefault());
    }
}
