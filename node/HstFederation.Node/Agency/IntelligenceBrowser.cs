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
/// page newest first, reading in batches and stopping after <see cref="MessageBrowser.MaxScanned"/> rows per call, or once
/// the checks have read <see cref="AgencyLimits.ReadBudgetBytes"/> of content (the messages, the product), at least one
/// row: a page may then be short while more follow, as the outbox and inbox lists'. Each check reads the message's content
/// only, never its envelope (up to 4 MB), one message at a time.
/// </summary>
internal sealed class IntelligenceBrowser(NodeStore store, string nodeParty, AgencyLimits limits)
{
    public const string HitsList = "hits";
    public const string ProductsList = "products";
    private const int Batch = 200;

    public async Task<AgencyHitList> ListHitsAsync(AgencyCaller caller, PageRequest page, CancellationToken cancellationToken)
    {
        var response = new AgencyHitList();
        var (items, next) = await ScanAsync(
            page, (before, max) => store.ListHitsAsync(before, max, cancellationToken), h => h.Id, h => ShowAsync(caller, h, cancellationToken)).ConfigureAwait(false);
        response.Hits.AddRange(items);
        response.NextPageToken = next is { } before ? page.Next(before) : string.Empty;
        return response;
    }

    /// <summary>The hit with the whole id <paramref name="hitId"/> if the agency may see it, otherwise null.</summary>
    public async Task<HitEntry?> FindHitAsync(AgencyCaller caller, byte[] hitId, CancellationToken cancellationToken)
    {
        var found = await store.FindHitsAsync(IntelligenceIds.Format(hitId), cancellationToken).ConfigureAwait(false);
        return found is [var hit] && await MaySeeAsync(caller, hit, cancellationToken).ConfigureAwait(false) ? hit : null;
    }

    /// <summary>
    /// The hit as the API shows it to the agency (the other side only if it may see it), or null if it may not see it; and
    /// the content bytes the checks read.
    /// </summary>
    private async Task<(AgencyHit? Shown, long Bytes)> ShowAsync(AgencyCaller caller, HitEntry hit, CancellationToken cancellationToken)
    {
        var (visible, bytes) = await YourSideAsync(caller, hit, cancellationToken).ConfigureAwait(false);
        if (!visible)
        {
            return (null, bytes);
        }

        var (otherShown, otherBytes) = await OtherSideAsync(caller, hit, cancellationToken).ConfigureAwait(false);
        return (AgencyIntelligence.Hit(hit, otherShown: otherShown), bytes + otherBytes);
    }

    public async Task<AgencyProductList> ListProductsAsync(AgencyCaller caller, PageRequest page, CancellationToken cancellationToken)
    {
        var response = new AgencyProductList();
        var (items, next) = await ScanAsync(
            page, (before, max) => store.ListProductsAsync(before, max, cancellationToken), p => p.Id,
            async p =>
            {
                // Purged between the page's read and this one (its source purged meanwhile): served to nobody.
                if (await store.ProductIfHeldAsync(p, cancellationToken).ConfigureAwait(false) is not { } product)
                {
                    return (null, 0);
                }

                var (readable, bytes) = await ReadableAsync(caller, product, cancellationToken).ConfigureAwait(false);
                return (readable ? AgencyIntelligence.Summary(p) : null, product.CalculateSize() + bytes);
            })
            .ConfigureAwait(false);
        response.Products.AddRange(items);
        response.NextPageToken = next is { } before ? page.Next(before) : string.Empty;
        return response;
    }

    /// <summary>The product with the whole id <paramref name="productId"/> if the agency may see it, otherwise null.</summary>
    public async Task<ProductEntry?> FindProductAsync(AgencyCaller caller, byte[] productId, CancellationToken cancellationToken)
    {
        var found = await store.FindProductsAsync(IntelligenceIds.Format(productId), cancellationToken).ConfigureAwait(false);
        return found is [var product] && (await ReadableAsync(caller, product.Product, cancellationToken).ConfigureAwait(false)).Readable ? product : null;
    }

    private async Task<bool> MaySeeAsync(AgencyCaller caller, HitEntry hit, CancellationToken cancellationToken) =>
        (await YourSideAsync(caller, hit, cancellationToken).ConfigureAwait(false)).Visible;

    /// <summary>Whether the agency may see the hit (its message here, in its sight, the hit not withdrawn), and the content bytes read.</summary>
    private async Task<(bool Visible, long Bytes)> YourSideAsync(AgencyCaller caller, HitEntry hit, CancellationToken cancellationToken) =>
        hit.Withdrawn is not null || await store.SentContentAsync(hit.YourMessageId, cancellationToken).ConfigureAwait(false) is not { } sent
            ? (false, 0)
            : (AgencyVisibility.MaySee(sent, caller), sent.Plaintext.Length);

    /// <summary>
    /// Whether the hit's other message may be shown: not held here (all this NCB knows of it is what the hub said), or
    /// held and readable by the agency under the handling in force (a purged copy is read by nobody).
    /// </summary>
    public async Task<bool> MaySeeOtherAsync(AgencyCaller caller, HitEntry hit, CancellationToken cancellationToken) =>
        (await OtherSideAsync(caller, hit, cancellationToken).ConfigureAwait(false)).Shown;

    private async Task<(bool Shown, long Bytes)> OtherSideAsync(AgencyCaller caller, HitEntry hit, CancellationToken cancellationToken) =>
        await store.ReceivedContentAsync(hit.OtherSender, hit.OtherMessageId, cancellationToken).ConfigureAwait(false) is not { } held
            ? (true, 0)
            : (AgencyVisibility.Inbox(held, caller) is not null, held.Message.Plaintext.Length);

    /// <summary>Whether the agency may read every source of <paramref name="product"/> here, and the sources' content bytes read.</summary>
    private async Task<(bool Readable, long Bytes)> ReadableAsync(AgencyCaller caller, AnalyticalProduct product, CancellationToken cancellationToken)
    {
        if ((product.Truncated || product.Sources.Count == 0) && !(caller.Scope.ReadableHandling.All && caller.Scope.ReadableCrimeTypes.All))
        {
            // A product cut to fit one envelope may list only some of its sources, and one listing none names nothing to
            // check ("every source readable" would hold for any scope): what it was built from cannot be checked source by
            // source, so only an agency that may read everything sees it.
            return (false, 0);
        }

        var bytes = 0L;
        foreach (var source in product.Sources)
        {
            var id = source.MessageId.ToByteArray();
            bool readable;
            if (source.Sender == nodeParty)
            {
                var sent = await store.SentContentAsync(id, cancellationToken).ConfigureAwait(false);
                bytes += sent?.Plaintext.Length ?? 0;
                readable = sent is not null && AgencyVisibility.Outbox(sent, caller, nodeParty) is not null;
            }
            else
            {
                var received = await store.ReceivedContentAsync(source.Sender, id, cancellationToken).ConfigureAwait(false);
                bytes += received?.Message.Plaintext.Length ?? 0;
                readable = received is not null && AgencyVisibility.Inbox(received, caller) is not null;
            }

            if (!readable)
            {
                return (false, bytes);
            }
        }

        return (true, bytes);
    }

    /// <summary>
    /// Newest first from <paramref name="page"/>'s position, in batches, keeping what <paramref name="show"/> shows; stops at
    /// the page size, after <see cref="MessageBrowser.MaxScanned"/> rows, or after the row whose checks reach the read budget.
    /// </summary>
    private async Task<(List<TShown> Items, long? Next)> ScanAsync<T, TShown>(
        PageRequest page, Func<long?, int, Task<MessagePage<T>>> read, Func<T, long> key, Func<T, Task<(TShown? Shown, long Bytes)>> show)
        where TShown : class
    {
        var items = new List<TShown>();
        var scanned = 0;
        var bytes = 0L;
        var before = page.Before;
        while (true)
        {
            var rows = await read(before, Batch).ConfigureAwait(false);
            for (var i = 0; i < rows.Items.Count; i++)
            {
                scanned++;
                before = key(rows.Items[i]);
                var (shown, cost) = await show(rows.Items[i]).ConfigureAwait(false);
                bytes += cost;
                if (shown is not null)
                {
                    items.Add(shown);
                    if (items.Count == page.Size)
                    {
                        return (items, before > 1 ? before : null);
                    }
                }

                if (bytes >= limits.ReadBudgetBytes && (i < rows.Items.Count - 1 || rows.NextBeforeLocalId is not null))
                {
                    // Budget spent with rows left: the token resumes just below the last row checked.
                    return (items, before);
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
