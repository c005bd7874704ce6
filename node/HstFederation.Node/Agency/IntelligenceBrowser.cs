using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Agency;

/// <summary>
/// What an agency may see of the hub's hits and products. A hit names one of this NCB's messages: the agency sees it
/// when it may see that outbox message (its own submission, or inside its read scope), unless the hit was withdrawn (either
/// message purged here: <see cref="Storage.PurgedHits"/>). The hit's other side (the other message's id and sender, the
/// factors, to whom a release went) is shown only when this node does not hold that message (the hub told this NCB it
/// exists; nothing held here says more) or the agency may read the copy held here under the handling in force; otherwise
/// it is blanked (<see cref="AgencyIntelligence.Hit"/>), so a hit never shows what GetMessage answers NOT_FOUND. A product was built from
/// messages this NCB may read: the agency sees it only when it may read every one of them here (each source found in
/// the outbox or inbox and inside its scope; a source the node does not hold, or holds purged, counts as one it may not
/// read; a product listing no source, or truncated, only an agency that may read everything sees). Lists
/// page newest first, reading in batches and stopping after <see cref="MessageBrowser.MaxScanned"/> rows per call. Each
/// check reads the message's content only, never its envelope (up to 4 MB), one message at a time.
/// </summary>
internal sealed class IntelligenceBrowser(NodeStore store, string nodeParty)
{
    public const string HitsList = "hits";
    public const string ProductsList = "products";
    private const int Batch = 200;

    public async Task<AgencyHitList> ListHitsAsync(AgencyCaller caller, PageRequest page, CancellationToken cancellationToken)
    {
        var response = new AgencyHitList();
        var (items, next) = await ScanAsync(
            page, (before, max) => store.ListHitsAsync(before, max, cancellationToken), h => h.Id, h => MaySeeAsync(caller, h, cancellationToken)).ConfigureAwait(false);
        foreach (var hit in items)
        {
            response.Hits.Add(await ShowAsync(caller, hit, cancellationToken).ConfigureAwait(false));
        }

        response.NextPageToken = next is { } before ? PageRequest.Token(HitsList, before) : string.Empty;
        return response;
    }

    /// <summary>The hit with the whole id <paramref name="hitId"/> if the agency may see it, otherwise null.</summary>
    public async Task<HitEntry?> FindHitAsync(AgencyCaller caller, byte[] hitId, CancellationToken cancellationToken)
    {
        var found = await store.FindHitsAsync(IntelligenceIds.Format(hitId), cancellationToken).ConfigureAwait(false);
        return found is [var hit] && await MaySeeAsync(caller, hit, cancellationToken).ConfigureAwait(false) ? hit : null;
    }

    /// <summary>A hit the agency may see, as the API shows it to that agency: the other side only if it may see it.</summary>
    private async Task<AgencyHit> ShowAsync(AgencyCaller caller, HitEntry hit, CancellationToken cancellationToken) =>
        AgencyIntelligence.Hit(hit, otherShown: await MaySeeOtherAsync(caller, hit, cancellationToken).ConfigureAwait(false));

    public async Task<AgencyProductList> ListProductsAsync(AgencyCaller caller, PageRequest page, CancellationToken cancellationToken)
    {
        var response = new AgencyProductList();
        var (items, next) = await ScanAsync(
            page, (before, max) => store.ListProductsAsync(before, max, cancellationToken), p => p.Id,
            async p => await MaySeeAsync(caller, await store.ProductAsync(p, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
            .ConfigureAwait(false);
        response.Products.AddRange(items.Select(AgencyIntelligence.Summary));
        response.NextPageToken = next is { } before ? PageRequest.Token(ProductsList, before) : string.Empty;
        return response;
    }

    /// <summary>The product with the whole id <paramref name="productId"/> if the agency may see it, otherwise null.</summary>
    public async Task<ProductEntry?> FindProductAsync(AgencyCaller caller, byte[] productId, CancellationToken cancellationToken)
    {
        var found = await store.FindProductsAsync(IntelligenceIds.Format(productId), cancellationToken).ConfigureAwait(false);
        return found is [var product] && await MaySeeAsync(caller, product.Product, cancellationToken).ConfigureAwait(false) ? product : null;
    }

    private async Task<bool> MaySeeAsync(AgencyCaller caller, HitEntry hit, CancellationToken cancellationToken) =>
        hit.Withdrawn is null
        && await store.SentContentAsync(hit.YourMessageId, cancellationToken).ConfigureAwait(false) is { } sent
        && AgencyVisibility.MaySee(sent, caller);

    /// <summary>
    /// Whether the hit's other message may be shown: not held here (all this NCB knows of it is what the hub said), or
    /// held and readable by the agency under the handling in force (a purged copy is read by nobody).
    /// </summary>
    public async Task<bool> MaySeeOtherAsync(AgencyCaller caller, HitEntry hit, CancellationToken cancellationToken) =>
        await store.ReceivedContentAsync(hit.OtherSender, hit.OtherMessageId, cancellationToken).ConfigureAwait(false) is not { } held
        || AgencyVisibility.Inbox(held, caller) is not null;

    private async Task<bool> MaySeeAsync(AgencyCaller caller, AnalyticalProduct product, CancellationToken cancellationToken)
    {
        if ((product.Truncated || product.Sources.Count == 0) && !(caller.Scope.ReadableHandling.All && caller.Scope.ReadableCrimeTypes.All))
        {
            // A product cut to fit one envelope may list only some of its sources, and one listing none names nothing to
            // check ("every source readable" would hold for any scope): what it was built from cannot be checked source by
            // source, so only an agency that may read everything sees it.
            return false;
        }

        foreach (var source in product.Sources)
        {
            var id = source.MessageId.ToByteArray();
            var readable = source.Sender == nodeParty
                ? await store.SentContentAsync(id, cancellationToken).ConfigureAwait(false) is { } sent
                    && AgencyVisibility.Outbox(sent, caller, nodeParty) is not null
                : await store.ReceivedContentAsync(source.Sender, id, cancellationToken).ConfigureAwait(false) is { } received
                    && AgencyVisibility.Inbox(received, caller) is not null;
            if (!readable)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Newest first from <paramref name="page"/>'s position, keeping what <paramref name="visible"/> allows, in batches.</summary>
    private static async Task<(List<T> Items, long? Next)> ScanAsync<T>(
        PageRequest page, Func<long?, int, Task<MessagePage<T>>> read, Func<T, long> key, Func<T, Task<bool>> visible)
    {
        var items = new List<T>();
        var scanned = 0;
        var before = page.Before;
        while (true)
        {
            var rows = await read(before, Batch).ConfigureAwait(false);
            foreach (var row in rows.Items)
            {
                scanned++;
                before = key(row);
                if (await visible(row).ConfigureAwait(false))
                {
                    items.Add(row);
                    if (items.Count == page.Size)
                    {
                        return (items, before > 1 ? before : null);
                    }
                }
            }

            if (rows.NextBeforeLocalId is null)
            {
                return (items, null);
            }

            if (scanned >= MessageBrowser.MaxScanned)
            {
                return (items, before);
            }
        }
    }
}
