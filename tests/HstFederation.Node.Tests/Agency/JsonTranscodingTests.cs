using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Agency;

/// <summary>The agency API as JSON over HTTP/1.1 (gRPC JSON transcoding), with the agency's client certificate.</summary>
public sealed class JsonTranscodingTests : AgencyTestBase
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    [Fact]
    public async Task PostThenGet_RealisticMessage_ReturnsTheSameContent()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        var request = new AgencySubmitRequest { Message = message, Members = { "DE", "IT" }, Handling = HandlingCode.H2, HubMayRead = true };

        using var content = Json(JsonFormatter.Default.Format(request));
        using var posted = await http.PostAsync("/v1/messages", content);
        var postedBody = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(new Version(1, 1), posted.Version);
        var submitted = Parser.Parse<AgencySubmitResponse>(postedBody);
        Assert.Equal(OutboxMessageState.Queued, submitted.State);
        Assert.NotNull(await Node.OutboxAsync(Guid.Parse(submitted.MessageId).ToByteArray(bigEndian: true)));

        using var got = await http.GetAsync($"/v1/messages/{submitted.MessageId}");
        var gotBody = await got.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal("application/json", got.Content.Headers.ContentType?.MediaType);
        var read = Parser.Parse<AgencyMessage>(gotBody);
        var expected = message.Clone();
        expected.Handling.Code = HandlingCode.H2;
        expected.Handling.HubMayRead = true;
        expected.Handling.Addressees = new Addressees { Members = { "DE", "IT" }, ExcludedMembers = { message.Handling.Addressees.ExcludedMembers } };
        Assert.Equal(expected, read.Message);
        Assert.Equal(submitted.MessageId, read.Summary.MessageId);
        Assert.Equal(MessageDirection.Outbox, read.Summary.Direction);
        Assert.Equal(Node.Party, read.Summary.Sender);
        Assert.Equal(["urn:hst:member:DE", "urn:hst:member:IT"], read.Summary.Recipients);
        Assert.Equal(message.Case.Reference, read.Summary.CaseReference);

        // The JSON names are the proto3 JSON names agencies write by hand (docs/agency-api.md).
        using var document = JsonDocument.Parse(gotBody);
        Assert.Equal(submitted.MessageId, document.RootElement.GetProperty("summary").GetProperty("messageId").GetString());
        Assert.Equal("HANDLING_CODE_H2", document.RootElement.GetProperty("summary").GetProperty("handling").GetString());
    }

    [Fact]
    public async Task Post_InvalidMessage_Is400WithAReadableJsonErrorNamingTheFields()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        message.Persons[0].Nationalities.Add("XX");

        using var content = Json(JsonFormatter.Default.Format(new AgencySubmitRequest { Message = message, Members = { "DE" } }));
        using var posted = await http.PostAsync("/v1/messages", content);
        var body = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal(3, root.GetProperty("code").GetInt32());
        Assert.StartsWith("INVALID_REQUEST: ", root.GetProperty("message").GetString(), StringComparison.Ordinal);
        var details = root.GetProperty("details").EnumerateArray().ToList();
        Assert.Contains(details, d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo"
            && d.GetProperty("reason").GetString() == "INVALID_REQUEST");
        var badRequest = Assert.Single(details, d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest");
        Assert.Contains(badRequest.GetProperty("fieldViolations").EnumerateArray(),
            v => v.GetProperty("field").GetString() == "message.persons[0].nationalities[1]");
        Assert.Empty(await Node.Store.OutboxBeforeAsync(null, 10));
        using var connection = Node.Store.Database.OpenReadConnection();
        using var audit = connection.CreateCommand();
        audit.CommandText = "SELECT actor || ' ' || action || ' ' || detail FROM audit WHERE action = 'submit-refused';";
        Assert.Equal("agency:border-police submit-refused /hst.v1.AgencyGateway/Submit INVALID_REQUEST at persons[0].nationalities[1]", audit.ExecuteScalar());
    }

    [Fact]
    public async Task List_Paged_ByQueryParameters()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(MessageIdText(await Node.ReceiveAsync(SampleMessages.Minimal(DateTimeOffset.UtcNow))));
        }

        using var first = await http.GetAsync("/v1/inbox?page_size=2");
        var page = Parser.Parse<AgencyListResponse>(await first.Content.ReadAsStringAsync());
        Assert.Equal([ids[2], ids[1]], page.Messages.Select(m => m.MessageId));
        Assert.NotEmpty(page.NextPageToken);

        using var second = await http.GetAsync($"/v1/inbox?page_size=2&page_token={Uri.EscapeDataString(page.NextPageToken)}");
        var rest = Parser.Parse<AgencyListResponse>(await second.Content.ReadAsStringAsync());
        Assert.Equal([ids[0]], rest.Messages.Select(m => m.MessageId));
        Assert.Empty(rest.NextPageToken);
    }

    [Fact]
    public async Task Watch_OfAnAgencyDisabledMeanwhile_EndsWithTheStatusAsItsLastLine()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("all", "all"));
        using var http = Node.Http(agency.Certificate);
        var id = await Node.ReceiveAsync(SampleMessages.Minimal(DateTimeOffset.UtcNow));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await http.GetAsync("/v1/inbox/watch?after_position=0", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        var first = await lines.ReadLineAsync(deadline.Token);
        await Node.Store.SetAgencyDisabledAsync("border-police", true, AgencyNode.Operator);
        var last = await lines.ReadLineAsync(deadline.Token);

        // The 200 went out with the first line; the refusal that ends the stream is a line of its own, then the end.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MessageIdText(id), Parser.Parse<AgencyMessage>(first).Summary.MessageId);
        using var status = JsonDocument.Parse(last!);
        Assert.Equal(7, status.RootElement.GetProperty("code").GetInt32());
        Assert.StartsWith("AGENCY_DISABLED: ", status.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(status.RootElement.TryGetProperty("summary", out _));
        Assert.Null(await lines.ReadLineAsync(deadline.Token));
    }

    internal static string MessageIdText(byte[] id) => new Guid(id, bigEndian: true).ToString("D");

    private static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
