using System.Globalization;
using Grpc.Core;
using HstFederation.Node.Audit;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Agency;

/// <summary>
/// WatchInbox: sends, in inbox order, every stored message after the agency's resume position that it may
/// read, then waits for the store's post-commit signal and sends what arrived. Before each batch it checks
/// again that the agency is registered, enabled, certified and in scope, so a disabled agency's stream ends.
/// Each message sent is audited as a read. Nothing is held in memory beyond one batch.
/// </summary>
internal sealed class InboxWatcher(NodeStore store, AgencyAuthorizationInterceptor authorization, TimeProvider time, TimeSpan recheck)
{
    private const int Batch = 100;

    public async Task RunAsync(AgencyWatchInboxRequest request, IServerStreamWriter<AgencyMessage> stream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var caller = AgencyCaller.Of(context);
        var position = (long)Math.Min(request.AfterPosition, long.MaxValue);
        await store.AuditAsync(caller.Actor, NodeAuditActions.Watch, null, "WatchInbox after_position=" + position.ToString(CultureInfo.InvariantCulture), cancellationToken)
            .ConfigureAwait(false);
        while (true)
        {
            var wake = store.InboxStored.Next;
            var rows = await store.InboxAfterAsync(position, Batch, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                position = row.LocalId;
                if (AgencyVisibility.Inbox(row, caller) is { } visible)
                {
                    await store.AuditAsync(caller.Actor, NodeAuditActions.Read, row.Message.MessageId,
                        "WatchInbox inbox_position=" + position.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
                    await stream.WriteAsync(visible.ToAgencyMessage(), cancellationToken).ConfigureAwait(false);
                }
            }

            if (rows.Count < Batch)
            {
                try
                {
                    await wake.WaitAsync(recheck, time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Nothing arrived: re-check the agency below, then wait again.
                }
            }

            caller = await authorization.AuthorizeAsync(context).ConfigureAwait(false);
        }
    }
}
