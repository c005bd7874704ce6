using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// Page tokens over the real listener, gRPC and JSON: following next_page_token pages through a list, while a token of
/// another agency, another list, changed, or from before a restart is INVALID_REQUEST naming page_token.
/// </summary>
public sealed class PageTokenTests : AgencyTestBase
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    [Fact]
    public async Task Inbox_PagedToTheEnd_OverGrpcAndJson_ReturnsEveryMessageOnceNewestFirst()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(JsonTranscodingTests.MessageIdText(await Node.ReceiveAsync(SampleMessages.Minimal(DateTimeOffset.UtcNow))));
        }

        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        using var http = Node.Http(agency.Certificate);

        var overGrpc = await PagesAsync(async token => await client.ListInboxAsync(new AgencyListRequest { PageSize = 2, PageToken = token }));
        var overJson = await PagesAsync(async token =>
            Parser.Parse<AgencyListResponse>(await http.GetStringAsync($"/v1/inbox?page_size=2&page_token={Uri.EscapeDataString(token)}")));

        ids.Reverse();
        Assert.Equal(ids, overGrpc);
        Assert.Equal(ids, overJson);
    }

    [Fact]
    public async Task Outbox_PagedToTheEnd_OverJson_ReturnsEverySubmissionOnce()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await client.SubmitAsync(new AgencySubmitRequest { Message = SampleMessages.Minimal(DateTimeOffset.UtcNow), Members = { "DE" } })).MessageId);
        }

        using var http = Node.Http(agency.Certificate);

        var pages = await PagesAsync(async token =>
            Parser.Parse<AgencyListResponse>(await http.GetStringAsync($"/v1/outbox?page_size=1&page_token={Uri.EscapeDataString(token)}")));

        ids.Reverse();
        Assert.Equal(ids, pages);
    }

    [Fact]
    public async Task InboxToken_UsedByAnotherAgency_IsInvalidRequestNamingPageToken_OverGrpcAndJson()
    {
        var police = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var customs = await Node.RegisterAsync("customs", Scopes.SubmitAndReadAll);
        for (var i = 0; i < 3; i++)
        {
            await Node.ReceiveAsync(SampleMessages.Minimal(DateTimeOffset.UtcNow));
        }

        var policeClient = Node.Grpc(police.Certificate, out var policeChannel);
        using var _ = policeChannel;
        var customsClient = Node.Grpc(customs.Certificate, out var customsChannel);
        using var __ = customsChannel;
        var token = (await policeClient.ListInboxAsync(new AgencyListRequest { PageSize = 1 })).NextPageToken;
        using var http = Node.Http(customs.Certificate);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await customsClient.ListInboxAsync(new AgencyListRequest { PageSize = 1, PageToken = token }));
        using var overJson = await http.GetAsync($"/v1/inbox?page_size=1&page_token={Uri.EscapeDataString(token)}");

        AssertPageTokenRefused(refused, "not a page token this node gave this agency");
        await AssertPageTokenRefusedAsync(overJson, "not a page token this node gave this agency");
        Assert.Single((await policeClient.ListInboxAsync(new AgencyListRequest { PageSize = 1, PageToken = token })).Messages);
    }

    [Fact]
    public async Task Token_Changed_OrOfAnotherList_IsInvalidRequestNamingPageToken()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        for (var i = 0; i < 3; i++)
        {
            await Node.ReceiveAsync(SampleMessages.Minimal(DateTimeOffset.UtcNow));
        }

        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var token = (await client.ListInboxAsync(new AgencyListRequest { PageSize = 1 })).NextPageToken;
        var bytes = Base64Url.DecodeFromChars(token);
        bytes[13] ^= 1; // the position to continue below, one lower or higher
        var changed = Base64Url.EncodeToString(bytes);

        var tampered = await Assert.ThrowsAsync<RpcException>(async () => await client.ListInboxAsync(new AgencyListRequest { PageToken = changed }));
        var otherList = await Assert.ThrowsAsync<RpcException>(async () => await client.ListOutboxAsync(new AgencyListRequest { PageToken = token }));
        var oldForm = await Assert.ThrowsAsync<RpcException>(async () => await client.ListInboxAsync(new AgencyListRequest { PageToken = "inbox:2" }));

        AssertPageTokenRefused(tampered, "it was changed, or given to another agency");
        AssertPageTokenRefused(otherList, "a page token of the inbox, not of the outbox");
        AssertPageTokenRefused(oldForm, "page tokens of the form 'inbox:41' are no longer accepted");
    }

    [Fact]
    public async Task Token_FromBeforeTheNodeRestarted_IsInvalidRequestTellingToStartAgain()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        for (var i = 0; i < 3; i++)
        {
            await Node.ReceiveAsync(SampleMessages.Minimal(DateTimeOffset.UtcNow));
        }

        string token;
        {
            var client = Node.Grpc(agency.Certificate, out var channel);
            using var _ = channel;
            token = (await client.ListInboxAsync(new AgencyListRequest { PageSize = 1 })).NextPageToken;
        }

        await using var restarted = await Node.RestartAsync();
        var again = restarted.Grpc(agency.Certificate, out var againChannel);
        using var __ = againChannel;

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await again.ListInboxAsync(new AgencyListRequest { PageSize = 1, PageToken = token }));

        AssertPageTokenRefused(refused, "a page token from before the node restarted");
        Assert.Equal(3, (await PagesAsync(async t => await again.ListInboxAsync(new AgencyListRequest { PageSize = 1, PageToken = t }))).Count);
    }

    /// <summary>Every message id of every page, following next_page_token from the first page until it is empty.</summary>
    private static async Task<List<string>> PagesAsync(Func<string, Task<AgencyListResponse>> page)
    {
        var ids = new List<string>();
        var token = string.Empty;
        for (var pages = 0; pages < 100; pages++)
        {
            var response = await page(token);
            ids.AddRange(response.Messages.Select(m => m.MessageId));
            if (response.NextPageToken.Length == 0)
            {
                return ids;
            }

            token = response.NextPageToken;
        }

        throw new Xunit.Sdk.XunitException("the list never ended");
    }

    private static void AssertPageTokenRefused(RpcException refused, string explained)
    {
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var status = refused.GetRpcStatus()!;
        Assert.Equal("INVALID_REQUEST", status.GetDetail<ErrorInfo>().Reason);
        Assert.StartsWith("INVALID_REQUEST: page_token: ", status.Message, StringComparison.Ordinal);
        Assert.Contains(explained, status.Message, StringComparison.Ordinal);
        var violation = Assert.Single(status.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("page_token", violation.Field);
    }

    private static async Task AssertPageTokenRefusedAsync(HttpResponseMessage response, string explained)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = document.RootElement.GetProperty("message").GetString()!;
        Assert.StartsWith("INVALID_REQUEST: page_token: ", message, StringComparison.Ordinal);
        Assert.Contains(explained, message, StringComparison.Ordinal);
        var badRequest = Assert.Single(document.RootElement.GetProperty("details").EnumerateArray(),
            d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest");
        Assert.Equal("page_token", Assert.Single(badRequest.GetProperty("fieldViolations").EnumerateArray()).GetProperty("field").GetString());
    }
}
