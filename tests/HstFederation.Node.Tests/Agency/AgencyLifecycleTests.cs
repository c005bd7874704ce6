using Google.Protobuf;
using Grpc.Core;
using HstFederation.Node.Lifecycle;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// The source's lifecycle orders on what FR's agencies see (docs/lifecycle.md §8), over the real agency listener: a
/// restriction is judged by the handling in force, a purged copy is never served.
/// </summary>
public sealed class AgencyLifecycleTests : AgencyTestBase
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Restriction_ByTheSourceToAHandlingOutsideTheScope_HidesTheMessageFromEveryRead_AndShowsTheHandlingInForce()
    {
        var border = await Node.RegisterAsync("border-police", Scopes.ReadOnly("H0,H1", "all", maySearch: true));
        var everything = await Node.RegisterAsync("analysts", Scopes.ReadOnly("all", "all"));
        var client = Node.Grpc(border.Certificate, out var channel);
        using var _ = channel;
        var analysts = Node.Grpc(everything.Certificate, out var analystsChannel);
        using var __ = analystsChannel;
        await using var de = TestNode.Create(Hub, "DE");

        // DE sends FR an H1 case; FR's node (serve's hub link) stores it.
        var sent = await de.EnqueueAsync("FR");
        Assert.Equal(1, await de.Sender.RunOnceAsync(CancellationToken.None));
        await Eventually.TrueAsync(async () => await Node.Store.GetReceivedAsync(de.Party, sent.MessageId) is not null, "FR stores DE's message");
        var id = MessageIds.Format(sent.MessageId);

        Assert.Equal(HandlingCode.H1, (await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = id })).Summary.Handling);
        Assert.Equal([id], (await client.ListInboxAsync(new AgencyListRequest())).Messages.Select(m => m.MessageId));
        Assert.Equal([id], (await client.SearchAsync(new AgencySearchRequest { Query = "kovalchuk" })).Messages.Select(m => m.MessageId));

        // DE restricts it to H3 (`hst-node restrict <id> --handling H3`); the hub relays the order and FR's node applies it.
        var issuer = new OrderIssuer(de.Store, de.Credentials, TimeProvider.System, SystemRandomSource.Instance);
        await issuer.IssueAsync(
            sent.MessageId, new OrderRequest("restrict", o => o.Restriction = new RestrictionOrder { Code = HandlingCode.H3 }), "operator:test", CancellationToken.None);
        Assert.Equal(1, await de.Orders.RunOnceAsync(CancellationToken.None));
        await Eventually.TrueAsync(() => Task.FromResult(Count("SELECT COUNT(*) FROM lifecycle_orders_received WHERE outcome = 3;") == 1),
            "FR's node applies DE's restriction");
        var later = await Node.ReceiveAsync(Message(HandlingCode.H1), sender: "urn:hst:member:IT");

        var hidden = await Assert.ThrowsAsync<RpcException>(async () => await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = id }));
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = "0192f3c4-5e6a-7b8c-9d0e-1f2a3b4c5d6e" }));
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(Shape(missing.Status.Detail), Shape(hidden.Status.Detail));
        Assert.Equal([MessageIds.Format(later)], (await client.ListInboxAsync(new AgencyListRequest())).Messages.Select(m => m.MessageId));
        Assert.Empty((await client.SearchAsync(new AgencySearchRequest { Query = "kovalchuk" })).Messages);
        Assert.Equal(MessageIds.Format(later), await FirstWatchedAsync(client));

        // An agency that may read H3 sees it under the handling in force, as does the operator's inbox list.
        var shown = await analysts.GetMessageAsync(new AgencyGetMessageRequest { MessageId = id });
        Assert.Equal((HandlingCode.H3, HandlingCode.H3), (shown.Summary.Handling, shown.Message.Handling.Code));
        Assert.Equal(HandlingCode.H3, (await analysts.ListInboxAsync(new AgencyListRequest())).Messages.Single(m => m.MessageId == id).Handling);
        var listed = await Node.Store.ListInboxAsync(new InboxQuery());
        Assert.Equal(HandlingCode.H3, listed.Items.Single(i => i.MessageId.AsSpan().SequenceEqual(sent.MessageId)).Summary.Handling);
    }

    [Fact]
    public async Task Recall_PurgesTheCopy_ThenGetMessageIsNotFound_AndWatchingFromTheStartSkipsIt_NeverAuditedAsRead()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("all", "all"));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var recalled = await Node.ReceiveAsync(Message(HandlingCode.H1));
        var id = MessageIds.Format(recalled);
        Assert.Equal(id, (await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = id })).Summary.MessageId);

        Assert.Equal(LifecycleOutcome.Purged, (await Node.Store.ApplyOrderAsync(Recall(recalled))).Outcome);
        var later = await Node.ReceiveAsync(Message(HandlingCode.H1));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = id }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.StartsWith("MESSAGE_NOT_FOUND", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(MessageIds.Format(later), await FirstWatchedAsync(client));
        Assert.Equal([MessageIds.Format(later)], (await client.ListInboxAsync(new AgencyListRequest())).Messages.Select(m => m.MessageId));
        // Read once while held; after the recall only the refused look-up is audited.
        var readsOfIt = $"SELECT detail FROM audit WHERE action = 'read' AND message_id = X'{Convert.ToHexString(recalled)}' ORDER BY seq;";
        Assert.Equal(["GetMessage inbox", "GetMessage not found"], Details(readsOfIt));
    }

    [Fact]
    public async Task Restriction_StoredButUnreadable_ShowsTheCopyToNoAgency_NotUnderTheHandlingFirstSigned()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("H0,H1", "all"));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var received = await Node.ReceiveAsync(Message(HandlingCode.H1));
        var id = MessageIds.Format(received);
        Assert.Equal(HandlingCode.H1, (await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = id })).Summary.Handling);

        // A damaged file: the restriction's bytes are there but do not parse (0xFF is a tag whose varint never ends).
        using (var connection = Node.Store.Database.OpenWriterConnection())
        {
            Assert.Equal(1, connection.Execute(
                "UPDATE inbox SET effective_handling = X'FF' WHERE message_id = $id;", ("$id", received)));
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = id }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task OwnSubmission_PurgedAtItsRetentionDate_LeavesGetMessageAndTheOutboxList()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var id = MessageIds.NewId(DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        await Node.Store.EnqueueAsync(new OutboxItem(id, agency.Actor, Message(HandlingCode.H1).ToByteArray(), [PartyId.Member("DE").Uri])
        {
            RetainUntilMs = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds(),
        });
        Assert.Equal(MessageIds.Format(id), (await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = MessageIds.Format(id) })).Summary.MessageId);

        Assert.Equal(1, await Node.Store.SweepRetentionAsync(Node.Party));

        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = MessageIds.Format(id) }))).StatusCode);
        Assert.Empty((await client.ListOutboxAsync(new AgencyListRequest())).Messages);
        // Its ledger still follows it to the end (docs/agency-api.md, GetLedger).
        Assert.Equal(MessageIds.Format(id), (await client.GetLedgerAsync(new AgencyGetLedgerRequest { MessageId = MessageIds.Format(id) })).MessageId);
    }

    /// <summary>The message id of the first message WatchInbox sends from position 0.</summary>
    private static async Task<string> FirstWatchedAsync(AgencyGateway.AgencyGatewayClient client)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var call = client.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token);
        Assert.True(await call.ResponseStream.MoveNext(deadline.Token));
        return call.ResponseStream.Current.Summary.MessageId;
    }

    private List<string> Details(string sql)
    {
        using var connection = Node.Store.Database.OpenReadConnection();
        using var command = connection.Command(sql);
        using var reader = command.ExecuteReader();
        var details = new List<string>();
        while (reader.Read())
        {
            details.Add(reader.GetString(0));
        }

        return details;
    }

    /// <summary>The refusal text with the message id and correlation id taken out.</summary>
    private static string Shape(string detail) =>
        System.Text.RegularExpressions.Regex.Replace(detail, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|correlation id [^)]*", "*");
}
