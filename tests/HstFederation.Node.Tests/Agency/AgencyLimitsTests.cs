using Google.Protobuf;
using Grpc.Core;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Node.Tests.Intelligence;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Grpc;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// The agency listener's limits (docs/agency-api.md §3, "Limits") over the real listener (Kestrel, mutual TLS, SQLite), each
/// node started with the setting under test: past a limit the agency gets RESOURCE_EXHAUSTED and the limit's reason.
/// </summary>
public sealed class AgencyLimitsTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Call_WhileAStreamHoldsTheAgencysOnlySlot_IsTooManyCalls_AnotherAgencysIsServed_AndTheSlotComesBackWhenTheStreamEnds()
    {
        await using var node = await AgencyNode.StartAsync(_hub, "--Node:AgencyMaxConcurrentCalls=1");
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var customs = await node.RegisterAsync("customs", Scopes.SubmitAndReadAll);
        var id = await node.ReceiveAsync(Minimal());
        var client = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;
        var other = node.Grpc(customs.Certificate, out var otherChannel);
        using var __ = otherChannel;
        var get = new AgencyGetMessageRequest { MessageId = JsonTranscodingTests.MessageIdText(id) };

        using (var deadline = new CancellationTokenSource(Deadline))
        using (var watch = client.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token))
        {
            // The first message streamed: the call is inside its handler, holding the slot.
            Assert.True(await watch.ResponseStream.MoveNext(deadline.Token));

            var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.GetMessageAsync(get));
            Assert.Equal((StatusCode.ResourceExhausted, "TOO_MANY_CALLS"), (refused.StatusCode, Reason(refused)));
            Assert.Equal(JsonTranscodingTests.MessageIdText(id), (await other.GetMessageAsync(get)).Summary.MessageId);
        }

        // The server sees the stream end after the client does: wait for the slot with a deadline.
        using var wait = new CancellationTokenSource(Deadline);
        while (true)
        {
            try
            {
                Assert.Equal(JsonTranscodingTests.MessageIdText(id), (await client.GetMessageAsync(get, cancellationToken: wait.Token)).Summary.MessageId);
                break;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                await Task.Yield();
            }
        }

        // Calls past the limit are logged, not audited: a flood of them must not become a flood of writes.
        Assert.Equal(0, Count(node, "SELECT COUNT(*) FROM audit WHERE detail LIKE '%TOO_MANY_CALLS%';"));
    }

    [Fact]
    public async Task JsonCall_HoldsOneSlotForAsLongAsItLasts_AndPastTheLimitIsTooManyCalls_BeforeItsBodyIsRead()
    {
        await using var node = await AgencyNode.StartAsync(_hub, "--Node:AgencyMaxConcurrentCalls=1");
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var id = await node.ReceiveAsync(Minimal());
        using var http = node.Http(police.Certificate);
        var client = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;
        var get = new AgencyGetMessageRequest { MessageId = JsonTranscodingTests.MessageIdText(id) };

        // One call, one slot: judged before its body and again by the gRPC interceptors, it is counted once.
        using (var listed = await http.GetAsync("/v1/inbox"))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, listed.StatusCode);
        }

        // A JSON stream holds its slot until it ends, not only while its request is read.
        using (var deadline = new CancellationTokenSource(Deadline))
        using (var watch = await http.GetAsync("/v1/inbox/watch", System.Net.Http.HttpCompletionOption.ResponseHeadersRead, deadline.Token))
        using (var lines = new StreamReader(await watch.Content.ReadAsStreamAsync(deadline.Token)))
        {
            Assert.NotNull(await lines.ReadLineAsync(deadline.Token));
            var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.GetMessageAsync(get));
            Assert.Equal((StatusCode.ResourceExhausted, "TOO_MANY_CALLS"), (refused.StatusCode, Reason(refused)));
        }

        await WaitForSlotAsync(() => client.GetMessageAsync(get).ResponseAsync);

        // With the slot held by a gRPC stream, a JSON call is refused for the limit before its body is read: it is not judged 400.
        using (var deadline = new CancellationTokenSource(Deadline))
        using (var watch = client.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token))
        {
            Assert.True(await watch.ResponseStream.MoveNext(deadline.Token));
            using var busy = await PostJsonAsync(http, "{\"message\":");
            Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, busy.StatusCode);
            Assert.Contains("\"reason\":\"TOO_MANY_CALLS\"", await busy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The slot back, the same body is judged.
        await WaitForSlotAsync(() => client.GetMessageAsync(get).ResponseAsync);
        using var judged = await PostJsonAsync(http, "{\"message\":");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, judged.StatusCode);
        Assert.Contains("\"reason\":\"INVALID_REQUEST\"", await judged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, Count(node, "SELECT COUNT(*) FROM audit WHERE detail LIKE '%TOO_MANY_CALLS%';"));
    }

    [Fact]
    public async Task GrpcCall_PastTheLimit_IsTooManyCalls_BeforeItsRequestMessageIsRead()
    {
        await using var node = await AgencyNode.StartAsync(_hub, "--Node:AgencyMaxConcurrentCalls=1");
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        await node.ReceiveAsync(Minimal());
        var client = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;
        const string submit = "/hst.v1.AgencyGateway/Submit";

        // With the slot held by a stream, a call whose message is no protobuf is refused for the limit: it was never read.
        using (var deadline = new CancellationTokenSource(Deadline))
        using (var watch = client.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token))
        {
            Assert.True(await watch.ResponseStream.MoveNext(deadline.Token));
            var busy = await RawGrpcCall.FailAsync(channel, submit, RawGrpcCall.NotProtobuf);
            Assert.Equal((StatusCode.ResourceExhausted, "TOO_MANY_CALLS"), (busy.StatusCode, Reason(busy)));
        }

        // The slot back, the same message is read, and gRPC refuses it itself (no reason of ours, no limit).
        await WaitForSlotAsync(() => client.ListOutboxAsync(new AgencyListRequest()).ResponseAsync);
        var unread = await RawGrpcCall.FailAsync(channel, submit, RawGrpcCall.NotProtobuf);
        Assert.NotEqual(StatusCode.ResourceExhausted, unread.StatusCode);
        Assert.Null(unread.GetRpcStatus());
        Assert.Equal(0, Count(node, "SELECT COUNT(*) FROM audit WHERE detail LIKE '%TOO_MANY_CALLS%';"));
    }

    [Fact]
    public async Task Call_WhileTwoAgenciesStreamsHoldTheNodesSlots_IsNodeBusy_EachWithinItsOwnLimit_AndASlotComesBackWhenAStreamEnds()
    {
        await using var node = await AgencyNode.StartAsync(_hub, "--Node:AgencyMaxConcurrentCallsTotal=2");
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var customs = await node.RegisterAsync("customs", Scopes.SubmitAndReadAll);
        var id = await node.ReceiveAsync(Minimal());
        var client = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;
        var other = node.Grpc(customs.Certificate, out var otherChannel);
        using var __ = otherChannel;
        var get = new AgencyGetMessageRequest { MessageId = JsonTranscodingTests.MessageIdText(id) };

        using var deadline = new CancellationTokenSource(Deadline);
        using var customsWatch = other.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token);
        using (var policeWatch = client.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token))
        {
            // Each stream's first message: both calls are inside their handlers, one slot each of the node's two.
            Assert.True(await customsWatch.ResponseStream.MoveNext(deadline.Token));
            Assert.True(await policeWatch.ResponseStream.MoveNext(deadline.Token));

            // One call each, far below the agency's own 16: the node's cap refuses both agencies' next call.
            var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.GetMessageAsync(get));
            var otherRefused = await Assert.ThrowsAsync<RpcException>(async () => await other.GetMessageAsync(get));
            Assert.Equal((StatusCode.ResourceExhausted, "NODE_BUSY"), (refused.StatusCode, Reason(refused)));
            Assert.Equal((StatusCode.ResourceExhausted, "NODE_BUSY"), (otherRefused.StatusCode, Reason(otherRefused)));
            Assert.StartsWith("NODE_BUSY", refused.Status.Detail, StringComparison.Ordinal);
        }

        // The server sees police's stream end after the client does: wait for its slot with a deadline; customs' stream stays open.
        using var wait = new CancellationTokenSource(Deadline);
        while (true)
        {
            try
            {
                Assert.Equal(JsonTranscodingTests.MessageIdText(id), (await other.GetMessageAsync(get, cancellationToken: wait.Token)).Summary.MessageId);
                break;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                await Task.Yield();
            }
        }

        // Logged, not audited, like TOO_MANY_CALLS.
        Assert.Equal(0, Count(node, "SELECT COUNT(*) FROM audit WHERE detail LIKE '%NODE_BUSY%';"));
    }

    [Fact]
    public async Task WatchInbox_PastTheStreamLimit_IsTooManyStreams_WhileOtherCallsAreServed()
    {
        await using var node = await AgencyNode.StartAsync(_hub, "--Node:AgencyMaxWatchStreams=1");
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        await node.ReceiveAsync(Minimal());
        var client = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;
        using var deadline = new CancellationTokenSource(Deadline);
        using var first = client.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token);
        Assert.True(await first.ResponseStream.MoveNext(deadline.Token));

        using var second = client.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await second.ResponseStream.MoveNext(deadline.Token));

        Assert.Equal((StatusCode.ResourceExhausted, "TOO_MANY_STREAMS"), (refused.StatusCode, Reason(refused)));
        Assert.Single((await client.ListInboxAsync(new AgencyListRequest())).Messages);
    }

    [Fact]
    public async Task Search_PastItsStepBudget_IsSearchTooBroad_AndAuditedAsASearchWithItsText()
    {
        await using var node = await AgencyNode.StartAsync(_hub, "--Node:AgencySearchMaxSteps=1000");
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        for (var n = 0; n < 50; n++)
        {
            await node.ReceiveAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow));
        }

        var client = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.SearchAsync(new AgencySearchRequest { Query = "Zuwara" }));

        Assert.Equal((StatusCode.ResourceExhausted, "SEARCH_TOO_BROAD"), (refused.StatusCode, Reason(refused)));
        Assert.Equal(1, Count(node, "SELECT COUNT(*) FROM audit WHERE action = 'search' AND actor = 'agency:border-police' AND detail LIKE '%hits=too-broad text=Zuwara';"));
    }

    [Fact]
    public async Task ListOutbox_OfMoreContentThanTheReadBudget_ReturnsAShortPageWithAToken_AndThePagesMissNothing()
    {
        await using var node = await AgencyNode.StartAsync(_hub, "--Node:AgencyReadBudgetBytes=1");
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var client = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;
        var submitted = new List<string>();
        for (var n = 0; n < 5; n++)
        {
            submitted.Add((await client.SubmitAsync(new AgencySubmitRequest { Message = Minimal(), Members = { "DE" } })).MessageId);
        }

        // A budget of one byte: each call reads one message's content (at least one), whatever the page size.
        var pages = new List<AgencyListResponse>();
        var token = string.Empty;
        do
        {
            var page = await client.ListOutboxAsync(new AgencyListRequest { PageSize = 50, PageToken = token });
            pages.Add(page);
            token = page.NextPageToken;
        }
        while (token.Length > 0 && pages.Count < 10);

        Assert.Equal([1, 1, 1, 1, 1], pages.Select(p => p.Messages.Count));
        Assert.Equal(Enumerable.Reverse(submitted), pages.SelectMany(p => p.Messages).Select(m => m.MessageId));
    }

    [Fact]
    public async Task ListInbox_OfMoreContentThanTheReadBudget_ReturnsShortPagesWithTokens_AndThePagesMissAndRepeatNothing()
    {
        var message = Minimal();
        await using var node = await AgencyNode.StartAsync(_hub, $"--Node:AgencyReadBudgetBytes={(2 * message.CalculateSize()) + 1}");
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var received = new List<string>();
        for (var n = 0; n < 7; n++)
        {
            received.Add(JsonTranscodingTests.MessageIdText(await node.ReceiveAsync(message)));
        }

        var client = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;

        // A budget just over two messages' content: each call reads three (the one that reaches it is the last), whatever the page size.
        var pages = new List<AgencyListResponse>();
        var token = string.Empty;
        do
        {
            var page = await client.ListInboxAsync(new AgencyListRequest { PageSize = 50, PageToken = token });
            pages.Add(page);
            token = page.NextPageToken;
        }
        while (token.Length > 0 && pages.Count < 10);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Messages.Count));
        Assert.Equal(Enumerable.Reverse(received), pages.SelectMany(p => p.Messages).Select(m => m.MessageId));
    }

    [Fact]
    public async Task ListHits_OfMoreContentThanTheReadBudget_ReturnsShortPagesWithTokens_AndThePagesMissAndRepeatNothing()
    {
        await using var node = await AgencyNode.StartAsync(_hub, "--Node:AgencyReadBudgetBytes=1");
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var hits = new List<string>();
        for (var n = 0; n < 4; n++)
        {
            var hit = HubProducts.Hit("FR", await EnqueueAsync(node), "DE");
            await node.Hub.SendAsHubAsync("FR", hit);
            await Eventually.TrueAsync(() => Task.FromResult(Count(node, "SELECT COUNT(*) FROM hits;") == n + 1), "FR's node stores the hit");
            hits.Add(Convert.ToHexStringLower(hit.HitId.Span));
        }

        var client = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;

        // A budget of one byte: each call checks one hit (its message's content read, at least one), whatever the page size.
        var pages = await PagesAsync(token => client.ListHitsAsync(new AgencyListRequest { PageSize = 50, PageToken = token }).ResponseAsync, p => p.NextPageToken);

        Assert.Equal([1, 1, 1, 1], pages.Select(p => p.Hits.Count));
        Assert.Equal(Enumerable.Reverse(hits), pages.SelectMany(p => p.Hits).Select(h => h.HitId));
    }

    [Fact]
    public async Task ListProducts_OfMoreContentThanTheReadBudget_ReturnsShortPagesWithTokens_AndThePagesMissAndRepeatNothing()
    {
        await using var node = await AgencyNode.StartAsync(_hub, "--Node:AgencyReadBudgetBytes=1");
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var products = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            var product = HubProducts.Corridors("FR");
            product.Sources.Clear();
            product.Sources.Add(new MessageReference { Sender = node.Party, MessageId = ByteString.CopyFrom(await EnqueueAsync(node)) });
            await node.Hub.SendAsHubAsync("FR", product);
            await Eventually.TrueAsync(() => Task.FromResult(Count(node, "SELECT COUNT(*) FROM products;") == n + 1), "FR's node stores the product");
            products.Add(Convert.ToHexStringLower(product.ProductId.Span));
        }

        var client = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;

        // A budget of one byte: each call checks one product (the product and its source read), whatever the page size.
        var pages = await PagesAsync(token => client.ListProductsAsync(new AgencyListRequest { PageSize = 50, PageToken = token }).ResponseAsync, p => p.NextPageToken);

        Assert.Equal([1, 1, 1], pages.Select(p => p.Products.Count));
        Assert.Equal(Enumerable.Reverse(products), pages.SelectMany(p => p.Products).Select(p => p.ProductId));
    }

    [Fact]
    public async Task Search_OfMoreContentThanTheReadBudget_ChecksHitsNewestFirst_UntilTheBudgetIsRead()
    {
        await using var node = await AgencyNode.StartAsync(_hub, "--Node:AgencyReadBudgetBytes=1");
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var received = new List<string>();
        for (var n = 0; n < 5; n++)
        {
            received.Add(JsonTranscodingTests.MessageIdText(await node.ReceiveAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow))));
        }

        var client = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;

        // Five messages match; a budget of one byte reads one message's content (at least one), the best (newest) hit.
        var found = await client.SearchAsync(new AgencySearchRequest { Query = "kovalchuk", PageSize = 50 });

        Assert.Equal([received[^1]], found.Messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task WatchInbox_AuditsEachMessageStreamed_OneWriterTransactionPerBatch_ABatchBoundedByTheReadBudget()
    {
        var message = Minimal();
        await using var node = await AgencyNode.StartAsync(_hub, $"--Node:AgencyReadBudgetBytes={message.CalculateSize() + 1}");
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var ids = new List<string>();
        for (var n = 0; n < 12; n++)
        {
            ids.Add(JsonTranscodingTests.MessageIdText(await node.ReceiveAsync(message)));
        }

        var client = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;
        var commits = node.Store.Commits;
        using var deadline = new CancellationTokenSource(Deadline);
        using var watch = client.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token);
        var streamed = new List<string>();
        while (streamed.Count < ids.Count && await watch.ResponseStream.MoveNext(deadline.Token))
        {
            streamed.Add(watch.ResponseStream.Current.Summary.MessageId);
        }

        // Every message read has its own entry (its ledger lists the read), written before it was sent.
        Assert.Equal(ids, streamed);
        Assert.Equal(12, Count(node, "SELECT COUNT(*) FROM audit WHERE action = 'read' AND detail LIKE 'WatchInbox inbox_position=%';"));
        // The watch entry, then six batches of two messages (the read budget), each batch one commit; one per message
        // would be 13. The node's own background writes (retention sweep) can only add to it.
        Assert.InRange(node.Store.Commits - commits, 7, 12);
    }

    /// <summary>Every page of a list from the start, following the tokens (ten at most).</summary>
    private static async Task<List<T>> PagesAsync<T>(Func<string, Task<T>> list, Func<T, string> next)
    {
        var pages = new List<T>();
        var token = string.Empty;
        do
        {
            var page = await list(token);
            pages.Add(page);
            token = next(page);
        }
        while (token.Length > 0 && pages.Count < 10);
        return pages;
    }

    /// <summary>An operator's H1 message to DE in the node's outbox; returns its id.</summary>
    private static async Task<byte[]> EnqueueAsync(AgencyNode node)
    {
        var id = MessageIds.NewId(DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        await node.Store.EnqueueAsync(new OutboxItem(id, AgencyNode.Operator, Minimal().ToByteArray(), [PartyId.Member("DE").Uri]));
        return id;
    }

    private static HstMessage Minimal()
    {
        var message = SampleMessages.Minimal(DateTimeOffset.UtcNow);
        message.Handling.Code = HandlingCode.H1;
        return message;
    }

    /// <summary>The server sees a stream end after the client does: waits for the agency's slot with a deadline.</summary>
    private static async Task WaitForSlotAsync(Func<Task> call)
    {
        using var wait = new CancellationTokenSource(Deadline);
        while (true)
        {
            wait.Token.ThrowIfCancellationRequested();
            try
            {
                await call();
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                await Task.Yield();
            }
        }
    }

    private static async Task<System.Net.Http.HttpResponseMessage> PostJsonAsync(System.Net.Http.HttpClient http, string body)
    {
        using var content = new System.Net.Http.StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return await http.PostAsync("/v1/messages", content);
    }

    private static string Reason(RpcException error) =>
        error.GetRpcStatus()!.Details.Select(d => d.TryUnpack<Google.Rpc.ErrorInfo>(out var info) ? info : null).OfType<Google.Rpc.ErrorInfo>().Single().Reason;

    private static long Count(AgencyNode node, string sql)
    {
        using var connection = node.Store.Database.OpenReadConnection();
        return (long)connection.Scalar(sql)!;
    }
}
