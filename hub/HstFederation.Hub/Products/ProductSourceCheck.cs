using HstFederation.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Products;

/// <summary>
/// A run reads its sources once, then serves its recipients one transaction each; a recall, expiry, supersession or
/// restriction may commit in between. Inside each recipient's transaction, on the writer (where no order can commit
/// before it does), the sources its product was built from are read again: any whose state or handling in force is no
/// longer what the product assumed is returned, and the product is not stored but rebuilt (docs/intelligence.md).
/// </summary>
internal static class ProductSourceCheck
{
    /// <summary>The lifecycle of every source in <paramref name="used"/> that changed since it was read; empty if none did.</summary>
    public static List<LifecycleState> Changed(SqliteConnection connection, IEnumerable<ProductSource> used)
    {
        var changed = new List<LifecycleState>();
        foreach (var source in used)
        {
            // No row: never ordered (accepted before migration 5), so nothing changed it.
            if (LifecycleStates.Find(connection, source.HubSequence) is { } state
                && (!state.IsCurrent || !state.Handling.Equals(source.Handling)))
            {
                changed.Add(state);
            }
        }

        return changed;
    }
}
