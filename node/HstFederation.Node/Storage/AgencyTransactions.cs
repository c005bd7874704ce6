using HstFederation.Node.Audit;

namespace HstFederation.Node.Storage;

/// <summary>
/// Agency table writes inside the writer's transaction, each audited in the same transaction with the
/// operator as actor. Uniqueness is the table's (ON CONFLICT DO NOTHING), never a lookup first.
/// </summary>
internal static class AgencyTransactions
{
    public static AgencyRecord Add(WriteContext context, NewAgency agency, string actor)
    {
        var scope = agency.Scope ?? AgencyScope.None;
        var inserted = context.Connection.Scalar(
            """
            INSERT INTO agencies (agency_id, display_name, certificate_identity, may_submit, may_search, read_all_handling,
                                  read_handling, read_all_crime_types, read_crime_types, may_release, disabled, created_at_ms, updated_at_ms)
            VALUES ($id, $name, $identity, $submit, $search, $allHandling, $handling, $allCrime, $crime, $release, 0, $now, $now)
            ON CONFLICT DO NOTHING
            RETURNING agency_id;
            """,
            [("$id", agency.AgencyId), ("$name", agency.DisplayName), ("$identity", agency.CertificateIdentity.Uri), .. ScopeParameters(scope),
                ("$now", context.NowMs)]);
        if (inserted is null)
        {
            throw new AgencyConflictException(
                $"An agency with id '{agency.AgencyId}' or certificate identity {agency.CertificateIdentity.Uri} is already registered.");
        }

        NodeAudit.Append(context.Connection, context.NowMs, actor, NodeAuditActions.AgencyAdded, null,
            $"agency={agency.AgencyId} identity={agency.CertificateIdentity.Uri} {scope}");
        return Get(context, agency.AgencyId)!;
    }

    /// <summary>The scope columns' parameters, as add and scope changes both write them.</summary>
    private static (string Name, object? Value)[] ScopeParameters(AgencyScope scope) =>
    [
        ("$submit", scope.MaySubmit ? 1 : 0),
        ("$search", scope.MaySearch ? 1 : 0),
        ("$allHandling", scope.ReadableHandling.All ? 1 : 0),
        ("$handling", ScopeTokens.ToColumn(scope.ReadableHandling)),
        ("$allCrime", scope.ReadableCrimeTypes.All ? 1 : 0),
        ("$crime", ScopeTokens.ToColumn(scope.ReadableCrimeTypes)),
        ("$release", scope.MayRelease ? 1 : 0),
    ];

    public static AgencyRecord? SetScope(WriteContext context, string agencyId, AgencyScope scope, string actor)
    {
        var changed = context.Connection.Execute(
            """
            UPDATE agencies SET may_submit = $submit, may_search = $search, read_all_handling = $allHandling, read_handling = $handling,
                                read_all_crime_types = $allCrime, read_crime_types = $crime, may_release = $release, updated_at_ms = $now
            WHERE agency_id = $id;
            """,
            [("$id", agencyId), .. ScopeParameters(scope), ("$now", context.NowMs)]);
        if (changed == 0)
        {
            return null;
        }

        NodeAudit.Append(context.Connection, context.NowMs, actor, NodeAuditActions.AgencyScopeChanged, null, $"agency={agencyId} {scope}");
        return Get(context, agencyId);
    }

    public static AgencyRecord? SetDisabled(WriteContext context, string agencyId, bool disabled, string actor)
    {
        var changed = context.Connection.Execute(
            "UPDATE agencies SET disabled = $disabled, updated_at_ms = $now WHERE agency_id = $id;",
            ("$id", agencyId), ("$disabled", disabled ? 1 : 0), ("$now", context.NowMs));
        if (changed == 0)
        {
            return null;
        }

        NodeAudit.Append(context.Connection, context.NowMs, actor, disabled ? NodeAuditActions.AgencyDisabled : NodeAuditActions.AgencyEnabled,
            null, $"agency={agencyId}");
        return Get(context, agencyId);
    }

    private static AgencyRecord? Get(WriteContext context, string agencyId) =>
        AgencyReader.Read(context.Connection, "agency_id = $id", ("$id", agencyId)).SingleOrDefault();
}
