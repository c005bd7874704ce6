using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Agency;

/// <summary>
/// Pages through the outbox and inbox newest first, keeping only what the agency may see (and, for search,
/// what matches). Reads in batches and stops after <see cref="MaxScanned"/> rows per call, so a page may be
/// short while more follow; the next page token says where to continue.
/// </summary>
internal sealed class MessageBrowser(NodeStore store, string nodeParty)
{
    public const int MaxScanned = 2000;
    private const int Batch = 200;
    private const string OutboxBox = "outbox";
    private const string InboxBox = "inbox";

    public async Task<AgencyListResponse> ListAsync(
        AgencyCaller caller, string box, PageRequest page, Func<VisibleMessage, bool>? filter, CancellationToken cancellationToken)
    {
        var response = new AgencyListResponse();
        var scanned = 0;
        var before = page.Before;
        while (true)
        {
            var rows = await ReadAsync(caller, box, before, cancellationToken).ConfigureAwait(false);
            foreach (var (localId, visible) in rows)
            {
                scanned++;
                before = localId;
                if (visible is not null && (filter is null || filter(visible)))
                {
                    response.Messages.Add(visible.Summary);
                    if (response.Messages.Count == page.Size)
                    {
                        response.NextPageToken = localId > 1 ? PageRequest.Token(box, localId) : string.Empty;
                        return response;
                    }
                }
            }

            if (rows.Count < Batch)
            {
                return response;
            }

            if (scanned >= MaxScanned)
            {
                response.NextPageToken = PageRequest.Token(box, before!.Value);
                return response;
            }
        }
    }

    /// <summary>Search: the inbox newest first, then the outbox; the token names the box to continue in.</summary>
    public async Task<AgencyListResponse> SearchAsync(AgencyCaller caller, TextQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        bool Matches(VisibleMessage message) => query.Matches(message.Message);
        if (page.Box is null or InboxBox)
        {
            var inbox = await ListAsync(caller, InboxBox, page, Matches, cancellationToken).ConfigureAwait(false);
            if (inbox.NextPageToken.Length > 0 || inbox.Messages.Count == page.Size)
            {
                if (inbox.NextPageToken.Length == 0)
                {
                    inbox.NextPageToken = PageRequest.Token(OutboxBox, long.MaxValue);
                }

                return inbox;
            }

            var rest = await ListAsync(caller, OutboxBox, page with { Size = page.Size - inbox.Messages.Count, Box = OutboxBox, Before = null }, Matches, cancellationToken)
                .ConfigureAwait(false);
            inbox.Messages.AddRange(rest.Messages);
            inbox.NextPageToken = rest.NextPageToken;
            return inbox;
        }

        return await ListAsync(caller, OutboxBox, page, Matches, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The message with <paramref name="messageId"/> if the agency may see it: outbox first, then the inbox.</summary>
    public async Task<VisibleMessage?> FindAsync(AgencyCaller caller, byte[] messageId, CancellationToken cancellationToken)
    {
        if (await store.OutboxByMessageIdAsync(messageId, cancellationToken).ConfigureAwait(false) is { } sent
            && AgencyVisibility.Outbox(sent, caller, nodeParty) is { } visible)
        {
            return visible;
        }

        foreach (var received in await store.InboxByMessageIdAsync(messageId, cancellationToken).ConfigureAwait(false))
        {
            if (AgencyVisibility.Inbox(received, caller) is { } readable)
            {
                return readable;
            }
        }

        return null;
    }

    private async Task<List<(long LocalId, VisibleMessage? Visible)>> ReadAsync(AgencyCaller caller, string box, long? before, CancellationToken cancellationToken)
    {
        if (box == OutboxBox)
        {
            var sent = await store.OutboxBeforeAsync(before, Batch, cancellationToken).ConfigureAwait(false);
            return [.. sent.Select(e => (e.LocalId, AgencyVisibility.Outbox(e, caller, nodeParty)))];
        }

        var received = await store.InboxBeforeAsync(before, Batch, cancellationToken).ConfigureAwait(false);
        return [.. received.Select(e => (e.LocalId, AgencyVisibility.Inbox(e, caller)))];
    }
}
