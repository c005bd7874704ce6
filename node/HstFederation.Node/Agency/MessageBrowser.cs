using HstFederation.Node.Search;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Agency;

/// <summary>
/// What an agency may see of the outbox and inbox. The inbox list and search filter in SQL with the agency's
/// scope (<see cref="AgencyContentFilter"/>), then keep only what <see cref="AgencyVisibility"/> allows, as GetMessage
/// does: one rule decides, so a row indexed under an older rule never lists what the read refuses. The outbox list
/// adds the agency's own submissions, so it pages through the outbox newest first and keeps what <see cref="AgencyVisibility"/>
/// allows, in batches, no more than <see cref="MaxScanned"/> rows per call; the inbox list reads one page of the index,
/// page_size rows at most. All three read content only, never the envelopes, and stop once they have read <see cref="AgencyLimits.ReadBudgetBytes"/>
/// of it (at least one message): a list page may then be short while more follow, and a search leaves out its lower hits.
/// A call reads at most that much, plus one message, whatever the messages weigh.
/// Every message returned with content passes <see cref="AgencyVisibility"/> on its decoded plaintext.
/// </summary>
internal sealed class MessageBrowser(NodeStore store, string nodeParty, AgencyLimits limits)
{
    public const int MaxScanned = 2000;
    public const string OutboxBox = "outbox";
    public const string InboxBox = "inbox";
    private const int Batch = 200;

    public async Task<AgencyListResponse> ListOutboxAsync(AgencyCaller caller, PageRequest page, CancellationToken cancellationToken)
    {
        var response = new AgencyListResponse();
        var scanned = 0;
        var bytes = 0L;
        var before = page.Before;
        while (true)
        {
            var rows = await store.OutboxBeforeAsync(before, Batch, limits.ReadBudgetBytes - bytes, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                scanned++;
                bytes += row.Plaintext.Length;
                before = row.LocalId;
                if (AgencyVisibility.Outbox(row, caller, nodeParty) is { } visible)
                {
                    response.Messages.Add(visible.Summary);
                    if (response.Messages.Count == page.Size)
                    {
                        response.NextPageToken = row.LocalId > 1 ? page.Next(row.LocalId) : string.Empty;
                        return response;
                    }
                }
            }

            if (rows.Count == 0 || (rows.Count < Batch && bytes < limits.ReadBudgetBytes))
            {
                return response;
            }

            if (scanned >= MaxScanned || bytes >= limits.ReadBudgetBytes)
            {
                response.NextPageToken = before > 1 ? page.Next(before.Value) : string.Empty;
                return response;
            }
        }
    }

    public async Task<AgencyListResponse> ListInboxAsync(AgencyCaller caller, PageRequest page, CancellationToken cancellationToken)
    {
        var result = await store.ListInboxAsync(
            new InboxQuery { Limit = page.Size, BeforeLocalId = page.Before, Content = AgencyContentFilter.For(caller.Scope) }, cancellationToken)
            .ConfigureAwait(false);
        var response = new AgencyListResponse
        {
            NextPageToken = result.NextBeforeLocalId is { } next ? page.Next(next) : string.Empty,
        };
        var bytes = 0L;
        for (var i = 0; i < result.Items.Count; i++)
        {
            // One row's content at a time, never its envelope: visibility is decided on the decoded message, as GetMessage
            // decides it, and the summary is all the agency gets.
            var localId = result.Items[i].LocalId;
            if (await store.InboxContentAsync(localId, cancellationToken).ConfigureAwait(false) is not { } entry)
            {
                continue;
            }

            bytes += entry.Message.Plaintext.Length;
            if (AgencyVisibility.Inbox(entry, caller) is { } visible)
            {
                response.Messages.Add(visible.Summary);
            }

            if (bytes >= limits.ReadBudgetBytes && i < result.Items.Count - 1)
            {
                // Budget spent with rows left on this page: the token resumes just below the last row read.
                response.NextPageToken = page.Next(localId);
                return response;
            }
        }

        return response;
    }

    /// <summary>The node's entity index, restricted to the agency's scope; one summary per message, best first.</summary>
    public async Task<AgencyListResponse> SearchAsync(AgencyCaller caller, EntityQuery query, int pageSize, CancellationToken cancellationToken)
    {
        IReadOnlyList<EntityHit> hits;
        try
        {
            hits = await store.SearchAsync(query with { Content = AgencyContentFilter.For(caller.Scope), MaxSteps = limits.SearchMaxSteps }, caller.Actor, caller.Certificate, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (SearchTooBroadException)
        {
            // Audited by the store as a search (hits=too-broad), with the text.
            throw new AgencyException(Grpc.Core.StatusCode.ResourceExhausted, AgencyReasons.SearchTooBroad,
                "the search would do more work than this node allows one search; use longer words or a kind");
        }

        var response = new AgencyListResponse();
        var bytes = 0L;
        foreach (var hit in hits.DistinctBy(h => (h.Box, h.LocalId)))
        {
            var (visible, read) = await HitAsync(caller, hit, cancellationToken).ConfigureAwait(false);
            bytes += read;
            if (visible is not null)
            {
                response.Messages.Add(visible.Summary);
                if (response.Messages.Count == pageSize)
                {
                    break;
                }
            }

            if (bytes >= limits.ReadBudgetBytes)
            {
                // Newest hits first: past the budget the rest are left out (a search has no next page).
                break;
            }
        }

        return response;
    }

    /// <summary>The hit's message if the agency may see it, read by its local id without the envelope, and the content bytes read.</summary>
    private async Task<(VisibleMessage? Visible, long Bytes)> HitAsync(AgencyCaller caller, EntityHit hit, CancellationToken cancellationToken)
    {
        if (hit.Box == MessageBox.Outbox)
        {
            var sent = await store.OutboxContentAsync(hit.LocalId, cancellationToken).ConfigureAwait(false);
            return sent is null || !sent.MessageId.AsSpan().SequenceEqual(hit.MessageId)
                ? (null, 0)
                : (AgencyVisibility.Outbox(sent, caller, nodeParty), sent.Plaintext.Length);
        }

        var received = await store.InboxContentAsync(hit.LocalId, cancellationToken).ConfigureAwait(false);
        return received is null || !received.Message.MessageId.AsSpan().SequenceEqual(hit.MessageId)
            ? (null, 0)
            : (AgencyVisibility.Inbox(received, caller), received.Message.Plaintext.Length);
    }

    /// <summary>The message with <paramref name="messageId"/> if the agency may see it: outbox first, then the inbox.</summary>
    public async Task<VisibleMessage?> FindAsync(AgencyCaller caller, byte[] messageId, CancellationToken cancellationToken)
    {
        var found = await store.FindByMessageIdAsync(messageId, cancellationToken).ConfigureAwait(false);
        if (found.Outbox is { } sent && AgencyVisibility.Outbox(sent.Entry, caller, nodeParty) is { } visible)
        {
            return visible;
        }

        foreach (var received in found.Inbox)
        {
            if (AgencyVisibility.Inbox(received.Entry, caller) is { } readable)
            {
                return readable;
            }
        }

        return null;
    }
}
