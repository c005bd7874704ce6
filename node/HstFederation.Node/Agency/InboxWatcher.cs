using System.Globalization;
using Grpc.Core;
using HstFederation.Node.Audit;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Agency;

/// <summary>
/// WatchInbox: sends, in inbox order, every stored message after the agency's resume position that it may
/// read, then waits for the store's post-commit signal and sends what arrived. Before each batch it checks
/// again that the agency is registered, enabled, certified (its certificate not blocked) and in scope, so a disabled agency's
/// or a blocked certificate's stream ends.
/// Each message sent is audited as a read (its own entry, so its ledger lists the read), the batch's entries in one write
/// before any of them is sent: one writer transaction per batch, not one per message, so a stream replaying the inbox
/// from position 0 does not queue hundreds of commits ahead of the hub link's. Nothing is held in memory beyond one
/// batch: at most <see cref="Batch"/> messages and <c>maxBatchBytes</c> of content (at least one message), never an envelope.
/// </summary>
internal sealed class InboxWatcher(NodeStore store, AgencyAuthorizationInterceptor authorization, TimeProvider time, TimeSpan recheck, long maxBatchBytes)
{
    private const int Batch = 100;

    public async Task RunAsync(AgencyWatchInboxRequest request, IServerStreamWriter<AgencyMessage> stream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var caller = AgencyCaller.Of(context);
        var position = (long)Math.Min(request.AfterPosition, long.MaxValue);
        await store.AuditAsync(caller.Actor, NodeAuditActions.Watch, null, "WatchInbox after_position=" + position.ToString(CultureInfo.InvariantCulture), caller.Certificate, cancellationToken)
            .ConfigureAwait(false);
        while (true)
        {
            var wake = store.InboxStored.Next;
            var rows = await store.InboxAfterAsync(position, Batch, maxBatchBytes, cancellationToken).ConfigureAwait(false);
            var visible = rows.Select(row => (row.Message.MessageId, Visible: AgencyVisibility.Inbox(row, caller))).Where(v => v.Visible is not null).ToList();
            await store.AuditAllAsync(
                [.. visible.Select(v => (caller.Actor, NodeAuditActions.Read, (byte[]?)v.MessageId,
                    "WatchInbox inbox_position=" + v.Visible!.LocalId.ToString(CultureInfo.InvariantCulture), (string?)caller.Certificate))],
                cancellationToken).ConfigureAwait(false);
            foreach (var (_, message) in visible)
            {
                await stream.WriteAsync(message!.ToAgencyMessage(), cancellationToken).ConfigureAwait(false);
            }

            position = rows.Count > 0 ? rows[^1].LocalId : position;
            if (rows.Count == 0 || (rows.Count < Batch && rows.Sum(r => (long)r.Message.Plaintext.Length) < maxBatchBytes))
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
