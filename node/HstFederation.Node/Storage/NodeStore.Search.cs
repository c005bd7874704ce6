using System.Globalization;
using HstFederation.Node.Audit;
using HstFederation.Node.Search;

namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    /// <summary>
    /// Searches both boxes for <paramref name="query"/> and audits the search — actor, kind, number of hits
    /// and the text searched, the NCB's own record of who looked for whom — before anything is returned: if
    /// the audit entry cannot be committed, the caller gets the store's error and no hits. The search stops when
    /// <paramref name="cancellationToken"/> fires (nothing audited: nothing was returned) or past the query's
    /// <see cref="EntityQuery.MaxSteps"/> (audited with <c>hits=too-broad</c>, then <see cref="SearchTooBroadException"/>).
    /// </summary>
    public Task<IReadOnlyList<EntityHit>> SearchAsync(EntityQuery query, string actor, CancellationToken cancellationToken = default) =>
        SearchAsync(query, actor, null, cancellationToken);

    /// <inheritdoc cref="SearchAsync(EntityQuery, string, CancellationToken)"/>
    /// <param name="certificate">The serial of the client certificate an agency's call came through; null for an operator's search.</param>
    public async Task<IReadOnlyList<EntityHit>> SearchAsync(EntityQuery query, string actor, string? certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        query.Validate();
        IReadOnlyList<EntityHit> hits;
        try
        {
            using var connection = Database.OpenReadConnection();
            using var guard = SearchGuard.Install(connection, query.MaxSteps, cancellationToken);
            hits = guard.Run(() => EntitySearch.Run(connection, query, SearchPlan.For(query)));
        }
        catch (SearchTooBroadException)
        {
            await AuditAsync(actor, NodeAuditActions.Search, null, AuditDetail(query, "too-broad"), certificate, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await AuditAsync(actor, NodeAuditActions.Search, null, AuditDetail(query, hits.Count.ToString(CultureInfo.InvariantCulture)), certificate, cancellationToken)
            .ConfigureAwait(false);
        return hits;
    }

    /// <summary>The text goes last and whole, so nothing it contains can pass for another field.</summary>
    private static string AuditDetail(EntityQuery query, string hits)
    {
        var kind = query.Kind.ToString().ToLowerInvariant();
        var box = query.Box is { } only ? $" box={only.ToStorage()}" : "";
        var region = string.IsNullOrEmpty(query.PhoneRegion) ? "" : $" region={query.PhoneRegion}";
        return $"kind={kind}{box}{region} hits={hits} text={query.Text}";
    }
}
