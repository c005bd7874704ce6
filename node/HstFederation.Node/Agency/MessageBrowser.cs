using HstFederation.Node.Search;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Agency;

/// <summary>
/// What an agency may see of the outbox and inbox. The inbox list and search filter in SQL with the agency's
/// scope (<see cref="AgencyContentFilter"/>), then keep only what <see cref="AgencyVisibility"/> allows, as GetMessage
/// does: one rule decides, so a row indexed under an older rule never lists what the read refuses. The outbox list
/// adds the agency's own submissions, so it pages through the outbox newest first and keeps what <see cref="AgencyVisibility"/>
/// allows. Both read in batches (content only, never the envelopes) and stop after <see cref="MaxScanned"/> rows or
/// <see cref="AgencyLimits.ReadBudgetBytes"/> of content per call (a page may be short while more follow): a call holds
/// at most that much, whatever the messages weigh.
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
                        response.NextPageToken = row.LocalId > 1 ? PageRequest.Token(OutboxBox, row.LocalId) : string.Empty;
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
                response.NextPageToken = before > 1 ? PageRequest.Token(OutboxBox, before.Value) : string.Empty;
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
            NextPageToken = result.NextBeforeLocalId is { } next ? PageRequest.Token(InboxBox, next) : string.Empty,
        };
        foreach (var item in result.Items)
        {
            // One row's content at a time, never its envelope: the list's summary is all the agency gets.
            if (await store.InboxContentAsync(item.LocalId, cancellationToken).ConfigureAwait(false) is { } entry
                && AgencyVisibility.Inbox(entry, caller) is { } visible)
            {
                response.Messages.Add(visible.Summary);
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
            hits = await store.SearchAsync(query with { Content = AgencyContentFilter.For(caller.Scope), MaxSteps = limits.SearchMaxSteps }, caller.Actor, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (SearchTooBroadException)
        {
            // Audited by the store as a search (hits=too-broad), with the text.
            throw new AgencyException(Grpc.Core.StatusCode.ResourceExhausted, AgencyReasons.SearchTooBroad,
                "the search would do more work than this node allows one search; use longer words or a kind");
        }

        var response = new AgencyListResponse();
        foreach (var hit in hits.DistinctBy(h => (h.Box, h.LocalId)))
        {
            if (await FindAsync(caller, hit.MessageId, hit.Box, hit.LocalId, cancellationToken).ConfigureAwait(false) is { } visible)
            {
                response.Messages.Add(visible.Summary);
                if (response.Messages.Count == pageSize)
                {
                    break;
                }
            }
        }

        return response;
    }

    /// <summary>The message with <paramref name="messageId"/> if the agency may see it: outbox first, then the inbox.</summary>
    public Task<VisibleMessage?> FindAsync(AgencyCaller caller, byte[] messageId, CancellationToken cancellationToken) =>
        FindAsync(caller, messageId, null, null, cancellationToken);

    private async Task<VisibleMessage?> FindAsync(AgencyCaller caller, byte[] messageId, MessageBox? box, long? localId, CancellationToken cancellationToken)
    {
        var found = await store.FindByMessageIdAsync(messageId, cancellationToken).ConfigureAwait(false);
        if (box is null or MessageBox.Outbox && found.Outbox is { } sent && (localId is null || sent.Entry.LocalId == localId)
            && AgencyVisibility.Outbox(sent.Entry, caller, nodeParty) is { } visible)
        {
            return visible;
        }

        foreach (var received in found.Inbox)
        {
            if (box is null or MessageBox.Inbox && (localId is null || received.Entry.LocalId == localId)
                && AgencyVisibility.Inbox(received.Entry, caller) is { } readable)
            {
                return readable;
            }
        }

        return null;
    }
}
