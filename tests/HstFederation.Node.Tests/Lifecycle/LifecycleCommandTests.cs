using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Testing.Samples;
using HstFederation.Testing.Storage;

namespace HstFederation.Node.Tests.Lifecycle;

/// <summary>`update`, `restrict`, `recall`, `extend`, `lapse` and what `show` and the lists say afterwards, run in-process against FR's and DE's real nodes and hub.</summary>
public sealed class LifecycleCommandTests : CommandLineTestBase
{
    private const string Canary = "Zuwara";

    [Fact]
    public async Task Update_OfTheCurrentVersion_IsSealedWithItsLineage_AndAnUpdateOfTheSupersededVersionIsRefusedNamingTheCurrentOne()
    {
        var original = await SentToDe.SendAsync(Fr, De);
        var v1 = MessageIds.Format(original);
        var next = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        next.Case.Title = "Boat departures, date of birth corrected";

        var update = await RunAsync(Fr, "update", v1, "--file", await WriteMessageAsync(next), "--reason", "date of birth corrected", "--json");

        Assert.True(update.ExitCode == NodeCommandLine.Success, update.ToString());
        var json = JsonDocument.Parse(update.Out).RootElement;
        Assert.Equal(2, json.GetProperty("version").GetInt32());
        Assert.Equal(v1, json.GetProperty("supersedes").GetString());
        var v2 = json.GetProperty("messageId").GetString()!;
        Assert.True(MessageIds.TryParse(v2, out var updateId));
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        // The signed header of the envelope the hub accepted carries the lineage, bound to v1's header.
        var sent = (await Fr.Store.GetOutboxByMessageIdAsync(updateId))!;
        Assert.Equal(OutboxState.Accepted, sent.State);
        var lineage = StoredHeaders.Header(sent.Envelope!).Lineage;
        Assert.Equal(original, lineage.SupersedesMessageId.ToByteArray());
        Assert.Equal(await SentToDe.HeaderSha256Async(Fr, original), lineage.SupersedesHeaderSha256.ToByteArray());
        Assert.Equal(2u, lineage.Version);
        Assert.Equal("date of birth corrected", lineage.Reason);

        // DE verified and opened it, and keeps both versions, the older one marked superseded.
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, updateId) is not null, "DE stores version 2");
        var inbox = await RunAsync(De, "inbox");
        Assert.Contains("1 superseded", inbox.Out, StringComparison.Ordinal);
        var showV2 = await RunAsync(De, "show", v2);
        Assert.Contains($"version 2, supersedes {v1}: \"date of birth corrected\"", showV2.Out, StringComparison.Ordinal);

        var again = await RunAsync(Fr, "update", v1, "--file", await WriteMessageAsync(next), "--reason", "again");
        Assert.Equal(NodeCommandLine.Failure, again.ExitCode);
        Assert.Contains($"the current version is 2, {v2}", again.Error, StringComparison.Ordinal);
        var showV1 = await RunAsync(Fr, "show", v1);
        Assert.Contains($"SUPERSEDED by {v2}", showV1.Out, StringComparison.Ordinal);
        Assert.Equal(2, Fr.Count("SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task Recall_ByCommand_PurgesDesCopy_ShowOfThePurgedCopyPrintsItsTombstoneAndNoContent_FrShowsTheConfirmation()
    {
        var messageId = await SentToDe.SendAsync(Fr, De);
        var id = MessageIds.Format(messageId);

        var recall = await RunAsync(Fr, "recall", id, "--reason", "sent-in-error", "--note", "wrong addressee", "--json");

        Assert.True(recall.ExitCode == NodeCommandLine.Success, recall.ToString());
        var order = Assert.Single(JsonDocument.Parse(recall.Out).RootElement.GetProperty("orders").EnumerateArray());
        Assert.Equal("recall", order.GetProperty("action").GetString());
        Assert.Equal(id, order.GetProperty("messageId").GetString());
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM lifecycle_orders_issued WHERE state = 1;"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'lifecycle-issued';"));

        Assert.True(DatabaseFiles.Contain(De.Store.Database.Path, Canary));
        Assert.Equal(1, await Fr.Orders.RunOnceAsync(CancellationToken.None));
        await Eventually.TrueAsync(
            () => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM lifecycle_order_holders WHERE outcome = 1;") == 1), "FR records DE's confirmation");
        Assert.False(DatabaseFiles.Contain(De.Store.Database.Path, Canary));

        var show = await RunAsync(De, "show", id);
        var showJson = JsonDocument.Parse((await RunAsync(De, "show", id, "--json")).Out).RootElement.GetProperty("inbox")[0];
        Assert.True(show.ExitCode == NodeCommandLine.Success, show.ToString());
        Assert.Contains("PURGED", show.Out, StringComparison.Ordinal);
        Assert.Contains($"(recalled, order {order.GetProperty("orderId").GetString()}): the content is gone from this node; a tombstone remains", show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("content:", show.Out, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, showJson.GetProperty("content").ValueKind);
        Assert.Equal("recalled", showJson.GetProperty("lifecycle").GetProperty("purged").GetProperty("cause").GetString());
        Assert.DoesNotContain(id, (await RunAsync(De, "inbox")).Out, StringComparison.Ordinal);

        var frShow = await RunAsync(Fr, "show", id);
        Assert.Contains("accepted by the hub; 1 of 1 holder(s) confirmed (DE confirmed purged)", frShow.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_RefuseAnotherSendersMessage_UnknownIds_AndBadArguments_WithClearErrorsAndExitCodes()
    {
        var messageId = await SentToDe.SendAsync(Fr, De);
        var id = MessageIds.Format(messageId);
        var unknown = MessageIds.Format(MessageIds.NewId(DateTimeOffset.UtcNow, SystemRandomSource.Instance));

        var notSource = await RunAsync(De, "recall", id, "--reason", "other");
        Assert.Equal(NodeCommandLine.Failure, notSource.ExitCode);
        Assert.Contains($"was sent by {Fr.Party}, not by this NCB: only a message's source may recall it", notSource.Error, StringComparison.Ordinal);
        var notSourceUpdate = await RunAsync(De, "update", id, "--file", await WriteMessageAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow)), "--reason", "x");
        Assert.Equal(NodeCommandLine.Failure, notSourceUpdate.ExitCode);
        Assert.Contains("only a message's source may update it", notSourceUpdate.Error, StringComparison.Ordinal);

        var none = await RunAsync(Fr, "lapse", unknown);
        Assert.Equal(NodeCommandLine.Failure, none.ExitCode);
        Assert.Contains($"no message {unknown} in this NCB's outbox", none.Error, StringComparison.Ordinal);

        var loosens = await RunAsync(Fr, "restrict", id, "--handling", "H0");
        Assert.Equal(NodeCommandLine.Failure, loosens.ExitCode);
        Assert.Contains("H0 is less strict than H1", loosens.Error, StringComparison.Ordinal);
        var notLater = await RunAsync(Fr, "extend", id, "--until", "2020-01-01", "--justification", "trial pending");
        Assert.Equal(NodeCommandLine.Failure, notLater.ExitCode);
        Assert.Contains("the new retention date is not later than the current one", notLater.Error, StringComparison.Ordinal);

        string[][] usage =
        [
            ["recall", "not-an-id", "--reason", "other"],
            ["recall", id],
            ["recall", id, "--reason", "because"],
            ["restrict", id],
            ["restrict", id, "--exclude", "XX"],
            ["extend", id, "--until", "31/12/2031", "--justification", "trial pending"],
            ["extend", id, "--until", "2031-12-31"],
            ["update", id, "--file", "x.json"],
        ];
        foreach (var args in usage)
        {
            var run = await RunAsync(Fr, args[0], args[1..]);
            Assert.True(run.ExitCode == NodeCommandLine.BadArguments, $"{string.Join(' ', args)}: {run}");
            Assert.Contains($"Usage: hst-node {args[0]}", run.Error, StringComparison.Ordinal);
        }

        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM lifecycle_orders_issued;") + De.Count("SELECT COUNT(*) FROM lifecycle_orders_issued;"));
        foreach (var command in new[] { "update", "restrict", "recall", "extend", "lapse" })
        {
            var help = await CommandRun.RunAsync(command, "--help");
            Assert.True(help.ExitCode == NodeCommandLine.Success && help.Out.Contains($"Usage: hst-node {command} <message id>", StringComparison.Ordinal), help.ToString());
        }
    }

    [Fact]
    public async Task Extend_AnswersThePendingReview_AndShowPrintsTheRetentionAndTheDecision()
    {
        var messageId = await SentToDe.SendAsync(Fr, De);
        var id = MessageIds.Format(messageId);
        var now = DateTimeOffset.UtcNow;
        await Hub.SendAsHubAsync("FR", SentToDe.Review(messageId, await SentToDe.HeaderSha256Async(Fr, messageId), now));
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM retention_reviews;") == 1), "FR stores the review");
        Assert.Contains("PENDING: answer with 'hst-node extend' or 'hst-node lapse'", (await RunAsync(Fr, "show", id)).Out, StringComparison.Ordinal);
        var reviewId = MessageIds.Format((await Fr.Store.MessageIdOfAsync(MessageBox.Inbox, Fr.Count("SELECT inbox_local_id FROM retention_reviews;")))!);
        Assert.Contains($"a retention review from the hub of this NCB's message {id}", (await RunAsync(Fr, "show", reviewId)).Out, StringComparison.Ordinal);

        var until = now.AddYears(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var extend = await RunAsync(Fr, "extend", id, "--until", until, "--justification", "trial pending", "--json");
        Assert.True(extend.ExitCode == NodeCommandLine.Success, extend.ToString());
        Assert.Equal(1, await Fr.Orders.RunOnceAsync(CancellationToken.None));

        var show = await RunAsync(Fr, "show", id);
        Assert.Contains($"retained until {until} 00:00:00Z", show.Out, StringComparison.Ordinal);
        Assert.Contains("extended", show.Out, StringComparison.Ordinal);
        Assert.Contains("extension order", show.Out, StringComparison.Ordinal);
    }
}
