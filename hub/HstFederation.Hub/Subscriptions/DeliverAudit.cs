using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Subscriptions;

/// <summary>
/// One stream's <c>deliver</c> audit entries (one per page sent, content never). Each entry's write is issued
/// when its page has been sent and commits while the stream reads and sends the next page, instead of the
/// stream waiting for a group commit (an fsync) between pages. At most one write is outstanding: the next
/// page's entry is issued only after the previous one committed, so a failed write (e.g. the store is full)
/// ends the stream one page later at the latest, and entries stay in page order.
/// </summary>
internal sealed class DeliverAudit(HubStore store, PartyId subscriber)
{
    private Task? _outstanding;

    /// <summary>
    /// Waits for the previous page's entry, then issues this page's (<paramref name="count"/> deliveries from
    /// cursor <paramref name="first"/> to <paramref name="last"/>) without waiting for it.
    /// </summary>
    public async Task RecordAsync(long first, long last, int count)
    {
        await FlushAsync();

        // Never cancelled: the page was sent, so its entry is written even if the client has left meanwhile.
        _outstanding = store.AuditAsync(subscriber.Uri, AuditActions.Deliver, null, $"cursors {first}-{last} ({count})", CancellationToken.None);
    }

    /// <summary>Completes when the outstanding entry (if any) has committed; throws if it could not be.</summary>
    public async Task FlushAsync()
    {
        if (_outstanding is { } outstanding)
        {
            _outstanding = null;
            await outstanding;
        }
    }
}
