using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// JSON requests read strictly (AgencyJsonRequestCheck): gRPC JSON transcoding alone skips a property or query parameter
/// it does not know and answers what it cannot read with a bare status (no reason, no correlation id, no field).
/// </summary>
public sealed class JsonRequestCheckTests : AgencyTestBase
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    [Fact]
    public async Task Post_MisspeltMembers_IsRefusedNamingTheFieldAndQueuesNothing()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);
        var body = SubmitJson();
        body["member"] = new JsonArray("DE");

        using var posted = await PostAsync(http, body.ToJsonString());

        await AssertInvalidAsync(posted, "member", "unknown_field");
        Assert.Empty(await Node.Store.OutboxBeforeAsync(null, 10));
    }

    [Fact]
    public async Task Post_MisspeltFieldInsideTheMessage_IsRefusedWithItsPath()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);
        var body = SubmitJson();
        body["message"]!["persons"]![0]!["nationalty"] = new JsonArray("FR");

        using var posted = await PostAsync(http, body.ToJsonString());

        await AssertInvalidAsync(posted, "message.persons[0].nationalty", "unknown_field");
        Assert.Empty(await Node.Store.OutboxBeforeAsync(null, 10));
    }

    [Theory]
    [InlineData("{\"message\":", "not valid JSON (line 1, byte 12)")]
    [InlineData("{\"members\":[\"DE\"],\"handling\":\"H1\"}", "HandlingCode")]
    [InlineData("[]", "AgencySubmitRequest")]
    public async Task Post_UnreadableBody_IsInvalidRequestWithReasonAndCorrelationId(string body, string explained)
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);

        using var posted = await PostAsync(http, body);

        var message = await AssertInvalidAsync(posted, "body", null);
        Assert.Contains(explained, message, StringComparison.Ordinal);
        Assert.DoesNotContain("HstFederation.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_NotJson_IsInvalidRequestNamingTheContentType()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);

        using var posted = await PostAsync(http, "{}", "text/plain");

        var message = await AssertInvalidAsync(posted, "body", "invalid_format");
        Assert.Contains("Content-Type: application/json", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_JsonNotInUtf8_IsInvalidRequestNamingTheCharset()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);
        using var content = new StringContent("{}", Encoding.Unicode, "application/json");

        using var posted = await http.PostAsync("/v1/messages", content);

        var message = await AssertInvalidAsync(posted, "body", "invalid_encoding");
        Assert.Contains("utf-16", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BodyPastTheLimit_IsRequestTooLarge413()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);
        var body = "{\"requestId\":\"" + new string('a', 8 * 1024 * 1024) + "\"}";
        // Over HTTP/2 the node answers and resets the stream; over HTTP/1.1 it closes the connection under a client still sending.
        http.DefaultRequestVersion = HttpVersion.Version20;
        http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        using var posted = await PostAsync(http, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, posted.StatusCode);
        using var document = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        Assert.Equal((int)Grpc.Core.StatusCode.ResourceExhausted, document.RootElement.GetProperty("code").GetInt32());
        Assert.StartsWith("REQUEST_TOO_LARGE: ", document.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("REQUEST_TOO_LARGE", document.RootElement.GetProperty("details")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Watch_MisspeltAfterPosition_IsRefusedInsteadOfReplayingTheInbox()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);
        await Node.ReceiveAsync(SampleMessages.Minimal(DateTimeOffset.UtcNow));

        using var watched = await http.GetAsync("/v1/inbox/watch?after_positon=1", HttpCompletionOption.ResponseHeadersRead);

        var message = await AssertInvalidAsync(watched, "after_positon", "unknown_field");
        Assert.Contains("after_position", message, StringComparison.Ordinal);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM audit WHERE action = 'read';"));
    }

    [Theory]
    [InlineData("/v1/inbox?page_size=abc", "page_size")]
    [InlineData("/v1/inbox?page_size=-1", "page_size")]
    [InlineData("/v1/inbox?page_size=1&page_size=2", "page_size")]
    [InlineData("/v1/inbox/watch?after_position=abc", "after_position")]
    [InlineData("/v1/search?query=x&kinds=document", "kinds")]
    public async Task Get_BadQueryParameter_IsInvalidRequestNamingIt(string uri, string field)
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);

        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);

        await AssertInvalidAsync(response, field, null);
    }

    [Fact]
    public async Task Get_EmptyParametersAsTheDocsWriteThem_AreTheDefaults()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);
        await Node.ReceiveAsync(SampleMessages.Minimal(DateTimeOffset.UtcNow));

        using var response = await http.GetAsync("/v1/inbox?page_size=&page_token=");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Parser.Parse<AgencyListResponse>(await response.Content.ReadAsStringAsync()).Messages);
    }

    [Fact]
    public async Task Post_ProtoFieldNamesAndJsonNames_AreBothAccepted()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);
        var body = SubmitJson();
        body["hub_may_read"] = true;
        body["requestId"] = "one";

        using var posted = await PostAsync(http, body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Single(await Node.Store.OutboxBeforeAsync(null, 10));
    }

    /// <summary>The docs' Submit body: the realistic message as proto3 JSON, to DE.</summary>
    private static JsonObject SubmitJson() =>
        JsonNode.Parse(JsonFormatter.Default.Format(new AgencySubmitRequest { Message = SampleMessages.Realistic(DateTimeOffset.UtcNow), Members = { "DE" } }))!.AsObject();

    /// <summary>Asserts a 400 INVALID_REQUEST in the API's one error shape naming <paramref name="field"/>; returns the status message.</summary>
    private static async Task<string> AssertInvalidAsync(HttpResponseMessage response, string field, string? code)
    {
        // The status first: a stream answered 200 never ends, so its body is read only once the refusal is certain.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal(3, root.GetProperty("code").GetInt32());
        var message = root.GetProperty("message").GetString()!;
        Assert.StartsWith("INVALID_REQUEST: " + field + ": ", message, StringComparison.Ordinal);
        var details = root.GetProperty("details").EnumerateArray().ToList();
        var info = Assert.Single(details, d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo");
        Assert.Equal("INVALID_REQUEST", info.GetProperty("reason").GetString());
        Assert.Equal("hst.node.agency", info.GetProperty("domain").GetString());
        Assert.Contains(info.GetProperty("metadata").GetProperty("correlation_id").GetString()!, message, StringComparison.Ordinal);
        var badRequest = Assert.Single(details, d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest");
        var violation = Assert.Single(badRequest.GetProperty("fieldViolations").EnumerateArray());
        Assert.Equal(field, violation.GetProperty("field").GetString());
        if (code is not null)
        {
            Assert.StartsWith(code + ": ", violation.GetProperty("description").GetString(), StringComparison.Ordinal);
        }

        return message;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string body, string mediaType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(mediaType));
        return await http.PostAsync("/v1/messages", content);
    }
}
