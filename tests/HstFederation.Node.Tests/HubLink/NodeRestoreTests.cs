using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Protocol.Identities;
using HstFederation.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// A node put back from its own backup (docs/node.md "Restore") while the hub kept what it sent after the backup: the node
/// numbers from the backup's count, the hub refuses those numbers as SEQUENCE_REUSED naming its highest, and the node
/// numbers its queue again above that by itself — nothing ends refused for it, and the operator is told.
/// </summary>
public sealed class NodeRestoreTests : CommandLineTestBase
{
    [Fact]
    public async Task RestoredFromABackup_NextMessagesAreNumberedAgainAboveTheHubs_AllAccepted_AndReceived()
    {
        using var log = new LogSink();
        await using var it = TestNode.Create(Hub, "IT", logger: log.CreateLogger("it"));
        var backup = Path.Combine(it.DirectoryPath, "backup.db");
        De.StartSubscriber();
        await SendAsync(it, 1);
        it.BackupTo(backup);
        // After the backup: numbers 2, 3, 4, accepted by the hub and received by DE, then lost with the restore.
        await SendAsync(it, 3);
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 4), "DE stores what IT sent before the restore");

        await it.RestoreFromAsync(backup);
        var queued = new List<EnqueuedMessage>();
        for (var i = 0; i < 4; i++)
        {
            queued.Add(await it.EnqueueAsync("DE"));
        }

        // Numbered from the backup's count: 2..5, three of which the hub holds.
        Assert.Equal([2L, 3, 4, 5], queued.Select(q => q.Sequence));
        Assert.Equal(4, await it.Sender.RunOnceAsync(CancellationToken.None));

        var sent = new List<OutboxEntry>();
        foreach (var message in queued)
        {
            sent.Add((await it.Store.GetOutboxAsync(message.LocalId))!);
        }

        Assert.All(sent, entry => Assert.Equal(OutboxState.Accepted, entry.State));
        // The refused one and the two never sealed at or below the hub's 4, in queue order above max(own count 5, hub 4);
        // the one numbered 5 keeps it (the hub never had it).
        Assert.Equal([6L, 7, 8, 5], sent.Select(e => e.Sequence));
        Assert.Equal(3, it.Count("SELECT COUNT(*) FROM audit WHERE action = 'renumbered';"));
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 8), "DE stores every message IT sent after the restore");
        Assert.All(queued, q => Assert.Contains(De.Inbox(), m => m.Sender == it.Party && m.MessageId.AsSpan().SequenceEqual(q.MessageId)));
        // Not renumbered: IT's count of its messages to DE restarts from the backup's 1, so DE sees 2, 3, 4 again (docs/node.md "Restore").
        Assert.Equal([2L, 3, 4], (await De.Store.AlarmsAsync()).Where(a => a.Sender == it.Party && a.Kind == SequenceAlarm.Reorder).Select(a => a.Received));

        var warning = Assert.Single(log.Entries, e => e.EventId == 4076);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("the hub already held sequence 2 from this NCB (its highest: 4)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("restored from a backup", warning.Message, StringComparison.Ordinal);
        Assert.Contains("another node runs with this NCB's credentials", warning.Message, StringComparison.Ordinal);
        Assert.Contains("3 queued message(s) numbered again", warning.Message, StringComparison.Ordinal);

        var text = await RunAsync(it, "status");
        Assert.Contains("Renumbered   3 messages after the hub held sequence 4 (last at ", text.Out, StringComparison.Ordinal);
        var json = await RunAsync(it, "status", "--json");
        using var document = JsonDocument.Parse(json.Out);
        var renumbered = document.RootElement.GetProperty("renumbered");
        Assert.Equal(3, renumbered.GetProperty("messages").GetInt64());
        Assert.Equal(4, renumbered.GetProperty("hubHighest").GetInt64());
    }

    [Fact]
    public async Task QueuedBeforeTheBackup_SealedAndAcceptedAfterIt_SealedAgainAfterTheRestore_IsRefusedAsReplay_NamingTheRestore()
    {
        await using var it = TestNode.Create(Hub, "IT");
        var backup = Path.Combine(it.DirectoryPath, "backup.db");
        var message = await it.EnqueueAsync("DE");
        it.BackupTo(backup);
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(OutboxState.Accepted, (await it.Store.GetOutboxAsync(message.LocalId))!.State);

        await it.RestoreFromAsync(backup);
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));

        // Replay protection stands: another sealing under an accepted id is refused, and the officer reads why.
        var entry = (await it.Store.GetOutboxAsync(message.LocalId))!;
        Assert.Equal((OutboxState.Rejected, "Replay"), (entry.State, entry.RejectReason));
        Assert.Contains("restored from a backup taken after the message was queued and before it was sealed", entry.RejectDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubOfAnOlderRelease_NamingNoHighestSequence_MessageEndsRefusedAsBefore_NotRenumbered()
    {
        var hub = new ForgedSequenceReused(highest: 0);
        await using var it = CreateNode("IT", interceptor: hub);
        var message = await it.EnqueueAsync("DE");

        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));

        var entry = (await it.Store.GetOutboxAsync(message.LocalId))!;
        Assert.Equal((OutboxState.Rejected, "SequenceReused", 1L), (entry.State, entry.RejectReason, entry.Sequence));
        Assert.Contains("a release before it did", entry.RejectDetail, StringComparison.Ordinal);
        Assert.Contains("send the message again", entry.RejectDetail, StringComparison.Ordinal);
        Assert.Equal([1UL], hub.Sequences);
        Assert.Equal(0, it.Count("SELECT COUNT(*) FROM audit WHERE action = 'renumbered';"));
    }

    [Fact]
    public async Task RenumberedThenRefusedAgain_WithNoHigherHubNumber_EndsRefused_InsteadOfLooping()
    {
        var hub = new ForgedSequenceReused(highest: 3);
        await using var it = CreateNode("IT", interceptor: hub);
        var message = await it.EnqueueAsync("DE");

        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));

        // Once above the hub's 3, as 4; refused again with 3, it ends refused.
        await AssertRefusedAfterOneRenumberingAsync(it, hub, message.LocalId, [1UL, 4UL],
            "the hub names 3 as the highest number it accepted from this NCB, below this message's 4");
    }

    [Fact]
    public async Task RenumberedThenRefusedAgain_ByAHubNamingEachNewNumberAsHeld_IsNumberedAgainOnce_ThenEndsRefused()
    {
        var hub = new ForgedSequenceReused(highest: 0) { NamesTheRefusedNumber = true };
        await using var it = CreateNode("IT", interceptor: hub);
        var message = await it.EnqueueAsync("DE");

        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));

        // 1 refused naming 1: numbered again as 2; 2 refused naming 2: a hub holding the number just taken above its highest
        // (another node with these credentials, or a hub naming ever higher numbers) ends it refused, not numbered again.
        await AssertRefusedAfterOneRenumberingAsync(it, hub, message.LocalId, [1UL, 2UL], "another node may be sending with this NCB's credentials");
    }

    /// <summary>Submitted as <paramref name="submitted"/>, numbered again once (the last), then refused SequenceReused saying <paramref name="detail"/>.</summary>
    private static async Task AssertRefusedAfterOneRenumberingAsync(TestNode it, ForgedSequenceReused hub, long localId, ulong[] submitted, string detail)
    {
        Assert.Equal(submitted, hub.Sequences);
        var entry = (await it.Store.GetOutboxAsync(localId))!;
        Assert.Equal((OutboxState.Rejected, "SequenceReused", (long)submitted[^1]), (entry.State, entry.RejectReason, entry.Sequence));
        Assert.Contains(detail, entry.RejectDetail, StringComparison.Ordinal);
        Assert.Equal(1, it.Count("SELECT COUNT(*) FROM audit WHERE action = 'renumbered';"));
    }

    [Fact]
    public async Task RefusedSequenceReused_WhileARecallOfItIsPending_EndsRefused_NotRenumbered_AndTheRecallIsDropped()
    {
        var hub = new ForgedSequenceReused(highest: 5) { Refusing = false };
        await using var it = CreateNode("IT", interceptor: hub);
        var message = await it.EnqueueAsync("DE");
        Assert.Equal(0, await it.Sender.RunOnceAsync(CancellationToken.None));
        var recall = await RunAsync(it, "recall", MessageIds.Format(message.MessageId), "--reason", "sent-in-error");
        Assert.True(recall.ExitCode == NodeCommandLine.Success, recall.ToString());

        hub.Refusing = true;
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));

        // Numbered and sealed again it would go out after all, though the operator recalled it.
        var entry = (await it.Store.GetOutboxAsync(message.LocalId))!;
        Assert.Equal((OutboxState.Rejected, "SequenceReused", 1L), (entry.State, entry.RejectReason, entry.Sequence));
        Assert.Contains("not numbered and sealed again because the operator recalled it", entry.RejectDetail, StringComparison.Ordinal);
        Assert.Equal([1UL], hub.Sequences);
        Assert.Equal(0, it.Count("SELECT COUNT(*) FROM audit WHERE action = 'renumbered';"));
        Assert.Equal(1, it.Count($"SELECT COUNT(*) FROM lifecycle_orders_issued WHERE state = 3 AND refusal_reason = '{PendingRecalls.Reason}';"));
    }

    private static async Task SendAsync(TestNode from, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await from.EnqueueAsync("DE");
            Assert.Equal(1, await from.Sender.RunOnceAsync(CancellationToken.None));
        }
    }
}
