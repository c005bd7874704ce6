using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.HubLink;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Ledger;

/// <summary>`hst-node ledger` over a message really sent from FR to DE and IT through a real hub, then recalled.</summary>
public sealed class LedgerCommandTests : CommandLineTestBase
{
    [Fact]
    public async Task Ledger_OfAMessageSentToDeAndIt_ListsExactlyTheHoldersAndDeliveries_AndOnDeTheReadsAndTheAuditRows()
    {
        var (id, text) = await SendToDeAsync();
        var show = await RunAsync(De, "show", text);
        Assert.True(show.ExitCode == NodeCommandLine.Success, show.ToString());
        var frAudit = AuditSeqs(Fr, id);
        var deAudit = AuditSeqs(De, id);

        var sent = await RunAsync(Fr, "ledger", text, "--json");
        var received = await RunAsync(De, "ledger", "inbox:1", "--json");
        var readable = await RunAsync(De, "ledger", text);

        Assert.True(sent.ExitCode == NodeCommandLine.Success, sent.ToString());
        using var fr = JsonDocument.Parse(sent.Out);
        var outbox = fr.RootElement.GetProperty("sent");
        Assert.Equal("accepted", outbox.GetProperty("state").GetString());
        var holders = outbox.GetProperty("holders").EnumerateArray().ToList();
        Assert.Equal(["DE", "IT"], holders.Select(h => h.GetProperty("party").GetString()));
        Assert.All(holders, h => Assert.Equal("addressee", h.GetProperty("role").GetString()));
        Assert.NotEqual(JsonValueKind.Null, holders[0].GetProperty("deliveredAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, holders[1].GetProperty("deliveredAt").ValueKind);
        Assert.Equal("H1", outbox.GetProperty("header").GetProperty("handling").GetString());
        Assert.Empty(fr.RootElement.GetProperty("received").EnumerateArray());
        Assert.Equal(frAudit, fr.RootElement.GetProperty("audit").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));

        Assert.True(received.ExitCode == NodeCommandLine.Success, received.ToString());
        using var de = JsonDocument.Parse(received.Out);
        Assert.Equal(text, de.RootElement.GetProperty("messageId").GetString());
        Assert.Equal(JsonValueKind.Null, de.RootElement.GetProperty("sent").ValueKind);
        var copy = Assert.Single(de.RootElement.GetProperty("received").EnumerateArray());
        Assert.Equal("FR", copy.GetProperty("sender").GetString());
        Assert.Equal(1, copy.GetProperty("lifecycle").GetProperty("version").GetInt64());
        var read = Assert.Single(de.RootElement.GetProperty("reads").EnumerateArray());
        Assert.Equal("show", read.GetProperty("detail").GetString());
        Assert.Equal(deAudit, de.RootElement.GetProperty("audit").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(["receive", "read"], de.RootElement.GetProperty("audit").EnumerateArray().Select(e => e.GetProperty("action").GetString()));

        // The ledger shows no content, and each look-up is audited as a ledger look-up (not a read of content).
        Assert.Contains("Received from FR", readable.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, readable.Out, StringComparison.Ordinal);
        Assert.Contains(Canary, show.Out, StringComparison.Ordinal);
        Assert.Equal(2, De.Count($"SELECT COUNT(*) FROM audit WHERE action = 'ledger' AND message_id = x'{Convert.ToHexString(id)}';"));
        Assert.Equal(1, De.Count("SELECT COUNT(*) FROM audit WHERE action = 'read';"));
    }

    [Fact]
    public async Task Ledger_AfterFrRecallsIt_ShowsDesTombstoneAndConfirmation_AndOnFrWhichHolderIsStillOutstanding()
    {
        var (id, text) = await SendToDeAsync();
        var held = await De.Store.GetReceivedAsync(Fr.Party, id);
        var source = Hub.Credentials("FR");
        var recall = LedgerOrders.Recall(source, id, held!.Message.HeaderHash, DateTimeOffset.UtcNow);
        var applied = await new LifecycleOrderReceiver(De.Store, De.Directory, Hub.Credentials("DE"), De.Trust).ApplyAsync(recall, CancellationToken.None);
        Assert.Equal(LifecycleOutcome.Purged, applied.Outcome);

        // FR's side as its order outbox records it: accepted for DE and IT, DE's signed confirmation relayed, IT's not yet.
        var order = LedgerOrders.Parse(recall);
        var orderId = order.OrderId.ToByteArray();
        var outbox = (await Fr.Store.FindByMessageIdAsync(id)).Outbox!.Entry;
        await Fr.Store.EnqueueOrderAsync(orderId, outbox.LocalId, id, LifecycleOrders.ActionName(order), "operator:test", Google.Protobuf.MessageExtensions.ToByteArray(recall));
        await Fr.Store.AcceptOrderAsync(orderId, [1], [De.Party, PartyId.Member("IT").Uri]);
        Assert.True(await Fr.Store.RecordConfirmationAsync(orderId, De.Party, (int)LifecycleOutcome.Purged, Google.Protobuf.MessageExtensions.ToByteArray(applied.Confirmation!)));

        var deLedger = await RunAsync(De, "ledger", text, "--json");
        var deText = await RunAsync(De, "ledger", text);
        var frLedger = await RunAsync(Fr, "ledger", text, "--json");

        Assert.True(deLedger.ExitCode == NodeCommandLine.Success, deLedger.ToString());
        using var de = JsonDocument.Parse(deLedger.Out);
        var tombstone = Assert.Single(de.RootElement.GetProperty("tombstones").EnumerateArray());
        Assert.Equal("recalled", tombstone.GetProperty("cause").GetString());
        Assert.Equal("purged", tombstone.GetProperty("outcome").GetString());
        Assert.Equal(MessageIds.Format(orderId), tombstone.GetProperty("orderId").GetString());
        var copy = Assert.Single(de.RootElement.GetProperty("received").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, copy.GetProperty("header").ValueKind);
        Assert.Equal("recalled", copy.GetProperty("lifecycle").GetProperty("purgeCause").GetString());
        var received = Assert.Single(de.RootElement.GetProperty("ordersReceived").EnumerateArray());
        Assert.Equal("recall", received.GetProperty("action").GetString());
        Assert.Equal("purged", received.GetProperty("outcome").GetString());
        Assert.Contains("PURGED", deText.Out, StringComparison.Ordinal);
        Assert.Contains("tombstone of FR's message: recalled", deText.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, deText.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, deLedger.Out, StringComparison.Ordinal);

        using var fr = JsonDocument.Parse(frLedger.Out);
        var issued = Assert.Single(fr.RootElement.GetProperty("sent").GetProperty("orders").EnumerateArray());
        Assert.Equal("accepted", issued.GetProperty("state").GetString());
        Assert.StartsWith("recall (inaccurate): wrong vessel", issued.GetProperty("terms").GetString(), StringComparison.Ordinal);
        var confirmations = issued.GetProperty("holders").EnumerateArray().ToList();
        Assert.Equal(["DE", "IT"], confirmations.Select(h => h.GetProperty("party").GetString()));
        Assert.Equal("purged", confirmations[0].GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, confirmations[1].GetProperty("outcome").ValueKind);
    }

    [Fact]
    public async Task Ledger_UnknownMalformedOrHelp_SaysWhatIsWrong()
    {
        var unknown = await RunAsync(Fr, "ledger", "0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b");
        var noRow = await RunAsync(Fr, "ledger", "outbox:7");
        var malformed = await RunAsync(Fr, "ledger", "12");
        var help = await RunAsync(Fr, "ledger", "--help");

        Assert.Equal(NodeCommandLine.Failure, unknown.ExitCode);
        Assert.Contains("no message 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, noRow.ExitCode);
        Assert.Contains("there is no outbox #7", noRow.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, malformed.ExitCode);
        Assert.Contains("is not a message id", malformed.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Success, help.ExitCode);
        Assert.Contains("Usage: hst-node ledger", help.Out, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'ledger';"));
    }

    /// <summary>The sample message's document number: content the ledger must never show.</summary>
    private static string Canary => Testing.Samples.SampleMessages.Realistic(DateTimeOffset.UtcNow).Persons[0].Documents[0].Number;

    /// <summary>Queues FR's message to DE and IT (IT has no node running), has the hub accept it, and waits for DE's copy and receipt.</summary>
    private async Task<(byte[] Id, string Text)> SendToDeAsync()
    {
        var queued = await Fr.EnqueueAsync("DE", "IT");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        De.StartSubscriber();
        Fr.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, queued.MessageId) is not null, "DE stores the message");
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM outbox_deliveries;") == 1), "FR holds DE's receipt");
        return (queued.MessageId, MessageIds.Format(queued.MessageId));
    }

    private static List<long> AuditSeqs(TestNode node, byte[] id)
    {
        using var connection = node.Store.Database.OpenReadConnection();
        using var command = connection.Command("SELECT seq FROM audit WHERE message_id = $id ORDER BY seq;", ("$id", id));
        using var reader = command.ExecuteReader();
        var seqs = new List<long>();
        while (reader.Read())
        {
            seqs.Add(reader.GetInt64(0));
        }

        return seqs;
    }
}
