using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Subscriptions;

/// <summary>
/// One stream's <c>subscribe</c> entry and its <c>deliver</c> audit entries (one per page sent, content never), each naming
/// the TLS client certificate the stream came through (<paramref name="certificate"/>). Each page's write is issued
/// when its page has been sent and commits while the stream reads and sends the next page, instead of the
/// stream waiting for a group commit (an fsync) between pages. At most one page's write is outstanding: the next
/// page's entry is issued only after the previous one committed, so a failed write (e.g. the store is full)
/// ends the stream one page later at the latest, and entries stay in page order.
/// </summary>
internal sealed class DeliverAudit(HubStore store, PartyId subscriber, string? certificate)
{
    private Task? _opened;
    private Task? _outstanding;

    /// <summary>
    /// Issues the stream's <c>subscribe</c> entry (the cursor it streams after) without waiting for it: which certificate
    /// opened a stream is on record even for a stream that carries nothing. The writer commits in the order it is given
    /// entries, so the first page's entry comes after it; a page does not wait for it, the stream's next flush does.
    /// </summary>
    public void Opened(long afterCursor) =>
        _opened = store.AuditAsync(subscriber.Uri, AuditActions.Subscribe, null, $"after_cursor={afterCursor}", certificate, CancellationToken.None);

    /// <summary>
    /// Waits for the previous page's entry, then issues this page's (<paramref name="count"/> deliveries from
    /// cursor <paramref name="first"/> to <paramref name="last"/>) without waiting for it.
    /// </summary>
    public async Task RecordAsync(long first, long last, int count)
    {
        await FlushAsync(waitForOpening: false);

        // Never cancelled: the page was sent, so its entry is written even if the client has left meanwhile.
        _outstanding = store.AuditAsync(subscriber.Uri, AuditActions.Deliver, null, $"cursors {first}-{last} ({count})", certificate, CancellationToken.None);
    }

    /// <summary>Completes when the outstanding entries (if any) have committed; throws if one could not be.</summary>
    public Task FlushAsync() => FlushAsync(waitForOpening: true);

    private async Task FlushAsync(bool waitForOpening)
    {
        // Once it is done, a failed subscribe entry ends the stream as a page's would.
        if (_opened is { } opened && (waitForOpening || opened.IsCompleted))
        {
            _opened = null;
            await opened;
        }

        if (_outstanding is { } outstanding)
        {
            _outstanding = null;
            await outstanding;
        }
    }
}
