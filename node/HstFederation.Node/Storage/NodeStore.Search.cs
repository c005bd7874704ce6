using HstFederation.Node.Audit;
using HstFederation.Node.Search;

namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    /// <summary>
    /// Searches both boxes for <paramref name="query"/> and audits the search — actor, kind, number of hits
    /// and the text searched, the NCB's own record of who looked for whom — before anything is returned: if
    /// the audit entry cannot be committed, the caller gets the store's error and no hits.
    /// </summary>
    public async Task<IReadOnlyList<EntityHit>> SearchAsync(EntityQuery query, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        query.Validate();
        IReadOnlyList<EntityHit> hits;
        using (var connection = Database.OpenReadConnection())
        {
            hits = EntitySearch.Run(connection, query, SearchPlan.For(query));
        }

        await AuditAsync(actor, NodeAuditActions.Search, null, AuditDetail(query, hits.Count), cancellationToken).ConfigureAwait(false);
        return hits;
    }

    /// <summary>The text goes last and whole, so nothing it contains can pass for another field.</summary>
    private static string AuditDetail(EntityQuery query, int hits)
    {
        var kind = query.Kind.ToString().ToLowerInvariant();
        var box = query.Box is { } only ? $" box={only.ToStorage()}" : "";
        var region = string.IsNullOrEmpty(query.PhoneRegion) ? "" : $" region={query.PhoneRegion}";
        return $"kind={kind}{box}{region} hits={hits} text={query.Text}";
    }
}
