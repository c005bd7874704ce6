using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>
/// The hub's own messages (hit notifications, analytical products) over the real link: sent by the running hub's
/// HubOutbound as hub-signed envelopes, received by FR's real subscriber, verified in full, stored as an inbox row with
/// its typed row, acknowledged with a signed delivery receipt, never indexed as an HST message, shown by the CLI.
/// </summary>
public sealed class HubIntelligenceReceiveTests : CommandLineTestBase
{
    [Fact]
    public async Task HitNotification_FromTheHub_IsStoredAsAHit_AcknowledgedWithAReceipt_NotAMessage_AndTheCliExplainsIt()
    {
        var sent = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var notification = HubProducts.Hit("FR", sent.MessageId, "DE");
        var hubSequence = await Hub.SendAsHubAsync("FR", notification);

        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM hits;") == 1), "FR stores the hit");
        await Eventually.TrueAsync(() => Task.FromResult(Hub.AcknowledgedReceipts("FR", hubSequence).Single() is not null), "FR acknowledges it");

        // An inbox row from the hub as for any delivery, marked with its content type; nothing indexed, not listed as a message.
        var (sender, _, _) = Assert.Single(Fr.Inbox());
        Assert.Equal(PartyId.Hub.Uri, sender);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.HitNotification';"));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM message_summaries WHERE box = 'inbox';"));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM entities WHERE box = 'inbox';"));
        Assert.Empty((await Fr.Store.ListInboxAsync(new InboxQuery())).Items);
        Assert.Empty(await Fr.Store.QuarantinedAsync());
        Assert.Empty(await Fr.Store.AlarmsAsync());
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'receive' AND actor = 'urn:hst:hub:IPSG';"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'hit' AND actor = 'urn:hst:hub:IPSG';"));

        var hit = Assert.Single((await Fr.Store.ListHitsAsync(null, 10)).Items);
        Assert.Equal(notification, hit.Notification);
        var shortId = Convert.ToHexStringLower(notification.HitId.Span)[^8..];

        var list = await RunAsync(Fr, "hits");
        var show = await RunAsync(Fr, "hits", "show", shortId);
        var json = await RunAsync(Fr, "hits", "show", Convert.ToHexStringLower(notification.HitId.Span), "--json");
        var inbox = await RunAsync(Fr, "inbox");

        Assert.True(list.ExitCode == NodeCommandLine.Success, list.ToString());
        var row = list.Out.Split('\n')[1];
        foreach (var cell in new[] { shortId, "person,phone", "0.93", MessageIds.Format(sent.MessageId), "DE", "hub-index", "yes" })
        {
            Assert.Contains(cell, row, StringComparison.Ordinal);
        }

        Assert.True(show.ExitCode == NodeCommandLine.Success, show.ToString());
        Assert.Contains("persons[0].phones[0]  +33612345678", show.Out, StringComparison.Ordinal);
        Assert.Contains("day and month swapped", show.Out, StringComparison.Ordinal);
        Assert.Contains("-0.05", show.Out, StringComparison.Ordinal);
        Assert.Contains($"hst-node release {shortId}", show.Out, StringComparison.Ordinal);
        Assert.Contains("not released", show.Out, StringComparison.Ordinal);
        var parsed = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal("none", parsed.GetProperty("release").GetProperty("state").GetString());
        Assert.Equal(2, parsed.GetProperty("notification").GetProperty("matches").GetArrayLength());
        Assert.Contains("no message that fits", inbox.Out, StringComparison.Ordinal);

        // Every listing and show is on the audit chain, which still verifies.
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'list' AND detail = 'hits returned=1';"));
        Assert.Equal(2, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'read' AND detail LIKE 'hits show hit=%';"));
        Assert.Equal(NodeCommandLine.Success, (await RunAsync(Fr, "verify-audit")).ExitCode);
    }

    [Fact]
    public async Task Products_FromTheHub_AreListedShownAndExported_AndTheGraphMlParses()
    {
        var network = HubProducts.Network("FR", "AL-SALHI \"Abu\" <Ali> & co\nline two");
        var corridors = HubProducts.Corridors("FR");
        await Hub.SendAsHubAsync("FR", network);
        await Hub.SendAsHubAsync("FR", corridors);

        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM products;") == 2), "FR stores both products");
        var networkId = Convert.ToHexStringLower(network.ProductId.Span);
        var corridorId = Convert.ToHexStringLower(corridors.ProductId.Span);
        var output = Path.Combine(Fr.DirectoryPath, "network.graphml");

        var list = await RunAsync(Fr, "products");
        var showCorridors = await RunAsync(Fr, "products", "show", corridorId[^8..]);
        var showNetwork = await RunAsync(Fr, "products", "show", networkId[^8..]);
        var graphMl = await RunAsync(Fr, "products", "export", networkId[^8..], "--format", "graphml", "--output", output);
        var dot = await RunAsync(Fr, "products", "export", networkId, "--format", "dot");
        var corridorExport = await RunAsync(Fr, "products", "export", corridorId, "--format", "dot");

        Assert.True(list.ExitCode == NodeCommandLine.Success, list.ToString());
        Assert.Contains("3 nodes, 3 edges", list.Out, StringComparison.Ordinal);
        Assert.Contains("2 corridors", list.Out, StringComparison.Ordinal);
        Assert.Contains("LY      IT       FR           sea,road  4         37       2", showCorridors.Out, StringComparison.Ordinal);
        Assert.Contains("Zuwara \"boat\" network", showNetwork.Out, StringComparison.Ordinal);
        Assert.Contains("\\u000A", showNetwork.Out, StringComparison.Ordinal);

        Assert.True(graphMl.ExitCode == NodeCommandLine.Success, graphMl.ToString());
        var labels = System.Xml.Linq.XDocument.Load(output).Descendants().Where(e => e.Name.LocalName == "data" && (string?)e.Attribute("key") == "label")
            .Select(e => e.Value).ToList();
        Assert.Equal(network.Network.Nodes.Select(n => n.Label), labels);
        Assert.True(dot.ExitCode == NodeCommandLine.Success, dot.ToString());
        Assert.StartsWith("digraph ", dot.Out, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, corridorExport.ExitCode);
        Assert.Contains("Only a network report", corridorExport.Error, StringComparison.Ordinal);

        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'export' AND detail LIKE '%format=graphml%';"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'export' AND detail LIKE '%format=dot output=stdout';"));
        Assert.Equal(2, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'product';"));
    }

    [Fact]
    public async Task HubMessages_CountInTheHubsSequenceToThisNode_AMissingOneRaisesAGapAlarmForTheHub()
    {
        var dropped = await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR"));
        var next = HubProducts.Corridors("FR");
        await Hub.SendAsHubAsync("FR", next);
        Hub.DropDelivery("FR", dropped);

        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM products;") == 1), "FR stores the second product");

        var alarm = Assert.Single(await Fr.Store.AlarmsAsync());
        Assert.Equal((PartyId.Hub.Uri, SequenceAlarm.Gap, 1L, 2L), (alarm.Sender, alarm.Kind, alarm.Expected, alarm.Received));
    }

    [Fact]
    public async Task ReleasedMessage_ArrivingWithTheHubsForwardRecord_IsStoredAsAMessage_AndShowNamesTheForwarderAndTheConsent()
    {
        // FR's H2 message to DE, readable by the hub; released to IT with FR's signed consent, forwarded by the hub.
        var message = HstFederation.Testing.Samples.SampleMessages.Realistic(DateTimeOffset.UtcNow);
        message.Handling.Code = HandlingCode.H2;
        message.Handling.HubMayRead = true;
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        var send = await RunAsync(Fr, "send", "--file", await WriteMessageAsync(message), "--to", "DE", "--hub-may-read", "--json");
        Assert.True(send.ExitCode == NodeCommandLine.Success, send.ToString());
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var id = JsonDocument.Parse(send.Out).RootElement.GetProperty("messageId").GetString()!;
        Assert.True(MessageIds.TryParse(id, out var messageId));
        var hubSequence = Hub.HubSequenceOf(Fr.Party, messageId);
        var forwarded = HubForwards.Forward(Hub, Hub.StoredEnvelope(hubSequence), Hub.Credentials("FR"), "IT");
        Hub.ReplaceEnvelope(hubSequence, _ => forwarded);
        Hub.InsertDelivery("IT", hubSequence);
        await using var it = CreateNode("IT");

        it.StartSubscriber();
        await Eventually.TrueAsync(async () => await it.Store.GetReceivedAsync(Fr.Party, messageId) is not null, "IT stores the released message");

        var stored = (await it.Store.GetReceivedAsync(Fr.Party, messageId))!;
        Assert.Equal(1, stored.Message.Forwards);
        Assert.True(stored.Message.IsHstMessage);
        Assert.Equal(id, MessageIds.Format(Assert.Single((await it.Store.ListInboxAsync(new InboxQuery())).Items).MessageId));
        var show = await RunAsync(it, "show", id);
        var json = JsonDocument.Parse((await RunAsync(it, "show", id, "--json")).Out).RootElement.GetProperty("inbox")[0];
        Assert.True(show.ExitCode == NodeCommandLine.Success, show.ToString());
        Assert.Contains("forwarded by urn:hst:hub:IPSG", show.Out, StringComparison.Ordinal);
        Assert.Contains("to IT, with the source's signed consent", show.Out, StringComparison.Ordinal);
        Assert.Contains("granted to IT", show.Out, StringComparison.Ordinal);
        var record = Assert.Single(json.GetProperty("forwardRecords").EnumerateArray());
        Assert.Equal("IT", record.GetProperty("consent").GetProperty("grantedTo")[0].GetString());
        Assert.Equal(message.Case.Title, json.GetProperty("content").GetProperty("case").GetProperty("title").GetString());
    }
}
