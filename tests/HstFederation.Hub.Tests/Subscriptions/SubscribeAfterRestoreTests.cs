using Grpc.Core;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Commands;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Retention;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Subscriptions;

/// <summary>
/// `hst-hub restore` puts back a database in which deliveries the members acknowledged after the backup are unacknowledged,
/// below cursors the members already stored. A real hub (Kestrel, mutual TLS) on a fake clock, backed up, served on, stopped,
/// restored and started again: a member that subscribes from a cursor handed out before the restore is sent those deliveries
/// again first, and only its signed delivery receipts acknowledge them, so the source is relayed the receipts and its
/// message's expiry reports no recipient that never acknowledged; nothing withdrawn comes again, and nothing below a cursor
/// handed out since the restore does.
/// </summary>
public sealed class SubscribeAfterRestoreTests : IAsyncLifetime
{
    private RetentionHub _hub = null!;

    public async Task InitializeAsync() => _hub = await RetentionHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private string Backup => Path.Combine(_hub.Hub.Directory, "backup.db");

    [Fact]
    public async Task Subscribe_FromACursorPastDeliveriesAcknowledgedAfterTheBackup_SendsThemAgain_TheReceiptsAcknowledgeThem_AndTheExpiryReportsNothing()
    {
        var date = _hub.Time.GetUtcNow() + TimeSpan.FromDays(2);
        var first = await _hub.SubmitAsync("FR", ["DE"], date);
        var second = await _hub.SubmitAsync("FR", ["DE"], date, sequence: 2);
        await BackupAsync();
        // After the backup: DE receives both and acknowledges them; its node stores the cursor of the second.
        var delivered = await Inbox.ReceiveAsync(_hub.Hub, "DE", 2);
        await AcknowledgeAsync("DE", delivered);
        var deCursor = delivered[^1].Cursor;

        await RestoreAsync();
        Assert.Equal(2L, Unacknowledged("DE", first, second));
        // Sent after the restore, retained past the expiry below: the stream's first delivery above DE's cursor.
        var since = await _hub.SubmitAsync("FR", ["DE"], date + TimeSpan.FromDays(1), sequence: 3);

        var streamed = await ReceiveThroughAsync("DE", deCursor, since);

        Assert.Equal(3, streamed.Count);
        var again = streamed[..2];
        Assert.Equal(delivered.Select(d => (d.Cursor, d.Envelope)), again.Select(d => (d.Cursor, d.Envelope)));
        // Audited as any page (its entry commits as the stream goes on or ends).
        await Wait.UntilAsync(() => _hub.Count(
            $"SELECT count(*) FROM audit WHERE action = '{AuditActions.Deliver}' AND actor = 'urn:hst:member:DE' AND detail = 'cursors {again[0].Cursor}-{again[1].Cursor} (2)'") == 1);
        // What DE's node answers a repeat with: its signed delivery receipt of each, which alone acknowledges them.
        Assert.Equal(2u, (await AcknowledgeAsync("DE", again)).Acknowledged);
        Assert.Equal(0L, Unacknowledged("DE", first, second));
        var relayed = Assert.Single(await Inbox.ReceiveAsync(_hub.Hub, "FR", 1));
        Assert.Equal(
            new[] { first.MessageId, second.MessageId }.Select(Convert.ToHexString).Order(),
            relayed.DeliveryReceiptBatch.Receipts.Select(r => Convert.ToHexString(DeliveryReceipt.Parser.ParseFrom(r.Statement).MessageId.Span)).Order());

        _hub.SetTime(date);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(2L, _hub.Count("SELECT count(*) FROM message_lifecycle WHERE state = 3"));
        Assert.Equal(0L, _hub.Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.ExpiryReport}'"));
    }

    /// <summary>
    /// What is not sent again: a delivery recalled since the restore (its order comes instead), a delivery below a cursor the
    /// member stored since the restore (it was sent again then, and the member's node did with it what it does: here, kept it
    /// unacknowledged as a quarantine does); and a cursor beyond every one this hub assigned is still refused.
    /// </summary>
    [Fact]
    public async Task Subscribe_AfterTheRestore_NeverSendsAgainWhatWasRecalled_NorBelowACursorHandedOutSince_AndStillRefusesACursorBeyondAny()
    {
        var date = _hub.Time.GetUtcNow() + TimeSpan.FromDays(2);
        var recalled = await _hub.SubmitAsync("FR", ["DE"], date);
        await _hub.SubmitAsync("FR", ["DE"], date, sequence: 2);
        await BackupAsync();
        var delivered = await Inbox.ReceiveAsync(_hub.Hub, "DE", 2);
        await AcknowledgeAsync("DE", delivered);
        await RestoreAsync();
        var order = _hub.Order(recalled, "FR", o => o.Recall = new RecallOrder { Reason = RecallReason.Inaccurate, Note = "wrong person" });
        await _hub.SendAsync("FR", order);
        var cursorFrom = _hub.Store.CursorFromLastRestore()!.Value;

        var again = await Inbox.ReceiveAsync(_hub.Hub, "DE", 2, delivered[^1].Cursor);

        // The second message again (DE's node quarantines it this time: no acknowledgement), then the recall order, numbered since.
        Assert.Equal((delivered[1].Cursor, delivered[1].Envelope), (again[0].Cursor, again[0].Envelope));
        Assert.Equal(order.OrderId, _hub.VerifyOrder(again[1]).OrderId);
        Assert.True((long)again[1].Cursor >= cursorFrom);

        var later = await _hub.SubmitAsync("FR", ["DE"], date, sequence: 3);
        var next = Assert.Single(await Inbox.ReceiveAsync(_hub.Hub, "DE", 1, again[1].Cursor));
        Assert.Equal(later.Envelope, next.Envelope.ToByteArray());

        var error = await Assert.ThrowsAsync<RpcException>(() => Inbox.ReceiveAsync(_hub.Hub, "DE", 1, (ulong)_hub.Store.HighestCursorAssigned() + 1));
        Assert.Equal(RejectionReason.UnknownCursor, RejectionTrailer.Read(error)!.Reason);
    }

    /// <summary>What one stream of <paramref name="member"/> after <paramref name="afterCursor"/> sends, up to and with the envelope of <paramref name="last"/>.</summary>
    private async Task<List<Delivery>> ReceiveThroughAsync(string member, ulong afterCursor, SentMessage last)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = _hub.Hub.Client(member).Subscribe(new SubscribeRequest { AfterCursor = afterCursor, ReceiptBatches = true }, cancellationToken: cancel.Token);
        var received = new List<Delivery>();
        while (await stream.ResponseStream.MoveNext(cancel.Token))
        {
            received.Add(stream.ResponseStream.Current);
            if (stream.ResponseStream.Current.Envelope.Span.SequenceEqual(last.Envelope))
            {
                break;
            }
        }

        return received;
    }

    private async Task BackupAsync()
    {
        var backup = await _hub.CommandAsync("backup", Backup);
        Assert.True(backup.ExitCode == HubCommandLine.Success, backup.ToString());
    }

    /// <summary>Stops the hub, runs `hst-hub restore` of the backup, starts it again on the same files.</summary>
    private async Task RestoreAsync() => await _hub.RestartAsync(async () =>
    {
        var restore = await _hub.CommandAsync("restore", Backup);
        Assert.True(restore.ExitCode == HubCommandLine.Success, restore.ToString());
    });

    /// <summary>Acknowledges envelope deliveries as <paramref name="member"/>'s node does: each with its signed delivery receipt, one call.</summary>
    private async Task<AcknowledgeResponse> AcknowledgeAsync(string member, IReadOnlyList<Delivery> deliveries)
    {
        var request = new AcknowledgeRequest();
        foreach (var delivery in deliveries)
        {
            var verified = Inbox.OpenContent(_hub.Hub, delivery, member).Verified;
            request.Acknowledgements.Add(new Acknowledgement { Cursor = delivery.Cursor, DeliveryReceipt = DeliveryReceipts.For(_hub.Hub, verified, member) });
        }

        return await _hub.Hub.Client(member).AcknowledgeAsync(request);
    }

    private long Unacknowledged(string member, params SentMessage[] messages) =>
        _hub.Count($"SELECT count(*) FROM deliveries WHERE recipient = 'urn:hst:member:{member}' AND kind = {(int)DeliveryKind.Envelope} AND acked_at_ms IS NULL " +
            $"AND hub_sequence IN ({string.Join(",", messages.Select(m => m.HubSequence))})");
}
