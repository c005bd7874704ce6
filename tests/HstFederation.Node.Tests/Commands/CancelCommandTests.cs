using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Identities;
using HstFederation.Testing.Samples;
using HstFederation.Testing.Storage;

namespace HstFederation.Node.Tests.Commands;

/// <summary>`hst-node cancel`: a queued message the hub never received is stopped for good, and nothing else is.</summary>
public sealed class CancelCommandTests : CommandLineTestBase
{
    [Fact]
    public async Task Cancel_ANeverSubmittedMessage_IsNeverSent_IsPurgedAndAudited_AndLeavesTheRecipientNoGap()
    {
        var (id, local) = await SendAsync();

        var cancel = await RunAsync(Fr, "cancel", $"outbox:{local}");
        await Fr.Sender.RunOnceAsync(CancellationToken.None);
        var (next, _) = await SendAsync();
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, MessageIds.TryParse(next, out var n) ? n : []) is not null,
            "DE receives the message queued after the cancelled one");
        var show = await RunAsync(Fr, "show", id);

        Assert.True(cancel.ExitCode == NodeCommandLine.Success, cancel.ToString());
        Assert.Contains($"Cancelled {id} (outbox #{local})", cancel.Out, StringComparison.Ordinal);
        Assert.Equal(1, Hub.Count("SELECT COUNT(*) FROM messages;"));
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM outbox WHERE local_id = {local} AND state = 3 AND reject_reason = 'Cancelled' AND envelope IS NULL AND length(plaintext) = 0;"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'cancel' AND actor LIKE 'operator:%';"));
        Assert.Equal(0, Fr.Count($"SELECT COUNT(*) FROM entities WHERE box = 'outbox' AND local_id = {local};"));
        Assert.Contains("REJECTED", show.Out, StringComparison.Ordinal);
        Assert.Contains("Cancelled: cancelled by operator:", show.Out, StringComparison.Ordinal);
        Assert.Single(De.Inbox());
        Assert.Equal(0, De.Count("SELECT COUNT(*) FROM alarms;"));
    }

    [Fact]
    public async Task Cancel_RecordsThePurgeAsCancelled_NotRecalled_InTheRowTheAuditShowAndLedger()
    {
        var (id, local) = await SendAsync();

        var cancel = await RunAsync(Fr, "cancel", id);
        var show = await RunAsync(Fr, "show", id);
        var ledger = await RunAsync(Fr, "ledger", id, "--json");

        Assert.True(cancel.ExitCode == NodeCommandLine.Success, cancel.ToString());
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM outbox WHERE local_id = {local} AND purge_cause = 'cancelled' AND purged_at_ms IS NOT NULL;"));
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM audit WHERE action = 'purge' AND detail = 'box=outbox local_id={local} cause=cancelled';"));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM audit WHERE detail LIKE '%recalled%';"));
        Assert.Contains("(cancelled): the content is gone from this node", show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("recalled", show.Out, StringComparison.Ordinal);
        // A cancel keeps no tombstone, so `show` does not claim one.
        Assert.DoesNotContain("tombstone", show.Out, StringComparison.Ordinal);
        Assert.True(ledger.ExitCode == NodeCommandLine.Success, ledger.ToString());
        Assert.Contains("\"purgeCause\":\"cancelled\"", System.Text.RegularExpressions.Regex.Replace(ledger.Out, @"\s", string.Empty), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_AMessageSealedForTheHub_IsRefused_ItMayHaveReachedTheHub_TheOneQueuedBehindItIsNot()
    {
        // One message accepted first: the node then holds the member directory it seals with while the hub is down.
        await SendAsync();
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        await Hub.StopAsync();
        var (id, local) = await SendAsync();
        var (behind, behindLocal) = await SendAsync();
        // The sender seals the first and keeps the envelope, then its submit fails (the hub is down) and the pass stops there.
        await Fr.Sender.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM outbox WHERE local_id = {local} AND state = 1 AND envelope IS NOT NULL;"));
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM outbox WHERE local_id = {behindLocal} AND state = 1 AND envelope IS NULL;"));

        var cancel = await RunAsync(Fr, "cancel", id);
        var cancelBehind = await RunAsync(Fr, "cancel", behind);

        Assert.Equal(NodeCommandLine.Failure, cancel.ExitCode);
        Assert.Contains("may have reached the hub: recall it instead ('hst-node recall <id> --reason ...'), which takes effect as soon as the hub accepts it",
            cancel.Error, StringComparison.Ordinal);
        Assert.Contains("While the hub is down, 'serve' seals the first queued message within one poll", cancel.Error, StringComparison.Ordinal);
        Assert.Contains("the messages queued behind it are not sealed and can still be cancelled", cancel.Error, StringComparison.Ordinal);
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM outbox WHERE local_id = {local} AND state = 1 AND length(plaintext) > 0;"));
        // The one behind it, as the refusal says, is not sealed: it can be cancelled.
        Assert.True(cancelBehind.ExitCode == NodeCommandLine.Success, cancelBehind.ToString());
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'cancel';"));
    }

    [Fact]
    public async Task Cancel_AnAcceptedMessage_SaysRecall_AndACancelledOne_SaysItIsNotQueued()
    {
        var (accepted, _) = await SendAsync();
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var (cancelled, _) = await SendAsync();
        await RunAsync(Fr, "cancel", cancelled);

        var afterAcceptance = await RunAsync(Fr, "cancel", accepted);
        var again = await RunAsync(Fr, "cancel", cancelled, "--json");
        var inbox = await RunAsync(Fr, "cancel", "inbox:1");

        Assert.Equal(NodeCommandLine.Failure, afterAcceptance.ExitCode);
        Assert.Contains("the hub has accepted it: recall it instead", afterAcceptance.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, again.ExitCode);
        Assert.Contains("it is not queued: it ended refused (Cancelled)", again.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, inbox.ExitCode);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'cancel';"));
    }

    [Fact]
    public async Task TheSendersClaim_AfterACancel_KeepsNothing_SoNothingIsSubmitted()
    {
        var (_, local) = await SendAsync();
        // The sender read the message as queued before the cancel committed, then seals it: its claim must fail.
        var pending = Assert.Single(await Fr.Store.PendingAsync());
        await Fr.Store.CancelQueuedAsync(local, Fr.Party, "operator:test");

        await Assert.ThrowsAsync<OutboxNotQueuedException>(() => Fr.Store.RecordSealedAsync(pending.LocalId, [1, 2, 3]));

        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM outbox WHERE local_id = {local} AND envelope IS NULL;"));
        Assert.Equal(0, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, Hub.Count("SELECT COUNT(*) FROM messages;"));
    }

    [Fact]
    public async Task Cancel_LeavesNoTraceOfTheContent_InTheDatabaseOrItsWal()
    {
        // As every purge: the WAL frames that held the plaintext and its index rows are truncated after the commit.
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        message.Case.Title = Canary;
        // On the store `serve` keeps open: the database is not closed after the cancel (closing the last connection
        // would checkpoint the WAL anyway, as the command's own store does when nothing else has it open).
        var (_, local) = await SendAsync(message);
        Assert.True(DatabaseFiles.Contain(Fr.Store.Database.Path, Canary));

        await Fr.Store.CancelQueuedAsync(local, Fr.Party, "operator:test");

        Assert.False(DatabaseFiles.Contain(Fr.Store.Database.Path, Canary));
    }

    [Fact]
    public async Task Cancel_OfAVersionWhoseUpdateIsQueued_IsRefusedNamingTheUpdate_WhichCanBeCancelledFirst()
    {
        var (v1, v1Local) = await SendAsync();
        var update = await RunAsync(Fr, "update", v1, "--file", await WriteMessageAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow)),
            "--reason", "corrected", "--json");
        Assert.True(update.ExitCode == NodeCommandLine.Success, update.ToString());
        using var json = JsonDocument.Parse(update.Out);
        var v2 = json.RootElement.GetProperty("messageId").GetString()!;

        var first = await RunAsync(Fr, "cancel", v1);

        Assert.Equal(NodeCommandLine.Failure, first.ExitCode);
        Assert.Contains($"a later version of it, {v2} (outbox #", first.Error, StringComparison.Ordinal);
        Assert.Contains("is queued as its update: cancel that one first", first.Error, StringComparison.Ordinal);
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM outbox WHERE local_id = {v1Local} AND state = 1 AND length(plaintext) > 0;"));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'cancel';"));

        var latest = await RunAsync(Fr, "cancel", v2);
        var then = await RunAsync(Fr, "cancel", v1);

        Assert.True(latest.ExitCode == NodeCommandLine.Success, latest.ToString());
        Assert.True(then.ExitCode == NodeCommandLine.Success, then.ToString());
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM outbox WHERE state = 1;"));
    }

    [Fact]
    public async Task Send_RepeatedWithItsRequestId_AfterTheMessageWasCancelled_IsRefusedAsStopped_NotAnsweredAsQueued()
    {
        var file = await WriteMessageAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow));
        var first = await RunAsync(Fr, "send", "--file", file, "--to", "DE", "--request-id", "op-2026-0413", "--json");
        using var json = JsonDocument.Parse(first.Out);
        var id = json.RootElement.GetProperty("messageId").GetString()!;
        Assert.True((await RunAsync(Fr, "cancel", id)).ExitCode == NodeCommandLine.Success);

        var again = await RunAsync(Fr, "send", "--file", file, "--to", "DE", "--request-id", "op-2026-0413");

        // The agency API's Submit gets the same refusal (SubmitKeys.Find), as FAILED_PRECONDITION SUBMISSION_STOPPED.
        Assert.Equal(NodeCommandLine.Failure, again.ExitCode);
        Assert.Contains($"request id 'op-2026-0413' names message {id}, which this NCB cancelled before it was ever sent: it will never be sent", again.Error, StringComparison.Ordinal);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM outbox;"));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'enqueue-repeat';"));
    }

    private const string Canary = "Cancelled-canary 7c1f0b2e";

    private async Task<(string Id, long Local)> SendAsync(HstFederation.Protocol.V1.HstMessage? message = null)
    {
        var send = await RunAsync(Fr, "send", "--file", await WriteMessageAsync(message ?? SampleMessages.Realistic(DateTimeOffset.UtcNow)), "--to", "DE", "--json");
        Assert.True(send.ExitCode == NodeCommandLine.Success, send.ToString());
        using var json = JsonDocument.Parse(send.Out);
        return (json.RootElement.GetProperty("messageId").GetString()!, json.RootElement.GetProperty("localId").GetInt64());
    }
}
