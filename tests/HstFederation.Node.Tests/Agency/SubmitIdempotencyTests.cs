using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using HstFederation.Node.Audit;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// AgencySubmitRequest.request_id: a retry with the same key and request queues nothing and gets the first answer; the
/// same key for another request is ALREADY_EXISTS / REQUEST_ID_REUSED; keys are per agency and survive a restart.
/// </summary>
public sealed class SubmitIdempotencyTests(Xunit.Abstractions.ITestOutputHelper output) : AgencyTestBase
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    [Fact]
    public async Task Submit_RetriedWithTheSameRequestId_QueuesOnce_ReturnsTheOriginalResponse_AuditedAsRepeat()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var request = Request("3f1c9a52-6a4e-4b8e-9d7e-0c1f2a3b4c5d");

        var first = await client.SubmitAsync(request);
        var retry = await client.SubmitAsync(request.Clone());

        Assert.Equal(first, retry);
        Assert.Equal(1, OutboxRows());
        var hex = Convert.ToHexStringLower(Id(first));
        Assert.Equal(
            [$"enqueue {hex} local_id=1 sequence=1 addressees=1 request_id={request.RequestId}", $"enqueue-repeat {hex} local_id=1 sequence=1 request_id={request.RequestId}"],
            Audit(agency.Actor));
        var audit = Audit(agency.Actor);
        output.WriteLine($"first  {first}\nretry  {retry}\naudit  {string.Join(" | ", audit)}");
    }

    [Fact]
    public async Task Submit_SameRequestIdWithOtherContent_IsAlreadyExistsRequestIdReused_AndQueuesNothing()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var request = Request("case-0412-report-1");
        var first = await client.SubmitAsync(request);
        var other = request.Clone();
        other.Members.Add("IT");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.SubmitAsync(other));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        var info = Assert.Single(error.GetRpcStatus()!.Details.Select(d => d.TryUnpack<Google.Rpc.ErrorInfo>(out var i) ? i : null).OfType<Google.Rpc.ErrorInfo>());
        Assert.Equal("REQUEST_ID_REUSED", info.Reason);
        Assert.StartsWith("REQUEST_ID_REUSED: request id 'case-0412-report-1' was already used for a different request", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, OutboxRows());
        Assert.Contains("submit-refused - /hst.v1.AgencyGateway/Submit REQUEST_ID_REUSED", Audit(agency.Actor));
        Assert.Equal(first, await client.SubmitAsync(request)); // the key still names the first request
        output.WriteLine(error.Status.Detail);
    }

    [Fact]
    public async Task Submit_SameRequestIdFromAnotherAgency_QueuesThatAgencysOwnMessage()
    {
        var police = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var labour = await Node.RegisterAsync("labour-inspectorate", Scopes.SubmitAndReadAll);
        var policeClient = Node.Grpc(police.Certificate, out var policeChannel);
        using var _ = policeChannel;
        var labourClient = Node.Grpc(labour.Certificate, out var labourChannel);
        using var __ = labourChannel;
        var request = Request("shared-key-1");
        var otherContent = request.Clone();
        otherContent.Message.Case.Title = "Another agency's case";

        var byPolice = await policeClient.SubmitAsync(request);
        var byLabour = await labourClient.SubmitAsync(otherContent);
        var byLabourAgain = await labourClient.SubmitAsync(otherContent);

        Assert.NotEqual(byPolice.MessageId, byLabour.MessageId);
        Assert.Equal(byLabour, byLabourAgain);
        Assert.Equal(2, OutboxRows());
        Assert.Equal(labour.Actor, (await Node.OutboxAsync(Id(byLabour)))!.Actor);
        output.WriteLine($"border-police {byPolice.MessageId}, labour-inspectorate {byLabour.MessageId} (same request id)");
    }

    [Fact]
    public async Task Post_JsonWithRequestId_RetryGetsTheSameBody_OtherContentIs409()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);
        var request = Request("0192f3c4-json-retry");

        var (firstStatus, firstBody) = await PostAsync(http, JsonFormatter.Default.Format(request));
        var (retryStatus, retryBody) = await PostAsync(http, JsonFormatter.Default.Format(request));
        var other = request.Clone();
        other.Handling = HandlingCode.H3;
        var (otherStatus, otherBody) = await PostAsync(http, JsonFormatter.Default.Format(other));

        Assert.Equal(HttpStatusCode.OK, firstStatus);
        Assert.Equal(HttpStatusCode.OK, retryStatus);
        Assert.Equal(Parser.Parse<AgencySubmitResponse>(firstBody), Parser.Parse<AgencySubmitResponse>(retryBody));
        Assert.Contains("\"requestId\"", JsonFormatter.Default.Format(request), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, otherStatus);
        using var document = JsonDocument.Parse(otherBody);
        Assert.Equal((int)StatusCode.AlreadyExists, document.RootElement.GetProperty("code").GetInt32());
        Assert.Contains(document.RootElement.GetProperty("details").EnumerateArray(),
            d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo" && d.GetProperty("reason").GetString() == "REQUEST_ID_REUSED");
        Assert.Equal(1, OutboxRows());
        output.WriteLine($"POST twice: {firstBody} / {retryBody}\nother content: {(int)otherStatus} {otherBody}");
    }

    [Fact]
    public async Task Submit_EightConcurrentWithTheSameRequestId_QueueOneMessage_AndAllGetItsId()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var request = Request("concurrent-8");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.SubmitAsync(request.Clone()).ResponseAsync));

        Assert.Single(responses.Distinct());
        Assert.Equal(1, OutboxRows());
        var audit = Audit(agency.Actor);
        Assert.Single(audit, a => a.StartsWith("enqueue ", StringComparison.Ordinal));
        Assert.Equal(7, audit.Count(a => a.StartsWith(NodeAuditActions.EnqueueRepeat + " ", StringComparison.Ordinal)));
        output.WriteLine($"8 concurrent submits → {responses.Select(r => r.MessageId).Distinct().Count()} message id(s): {responses[0].MessageId}; {OutboxRows()} outbox row(s)");
    }

    [Fact]
    public async Task Submit_RequestIdKeptAcrossANodeRestart()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var request = Request("survives-restart");
        AgencySubmitResponse first;
        var client = Node.Grpc(agency.Certificate, out var channel);
        using (channel)
        {
            first = await client.SubmitAsync(request);
        }

        await using var restarted = await Node.RestartAsync();
        var again = restarted.Grpc(agency.Certificate, out var restartedChannel);
        using var _ = restartedChannel;
        var retry = await again.SubmitAsync(request);

        Assert.Equal(first, retry);
        using var connection = restarted.Store.Database.OpenReadConnection();
        Assert.Equal(1L, connection.Scalar("SELECT COUNT(*) FROM outbox;"));
        output.WriteLine($"before restart {first.MessageId}, after {retry.MessageId}");
    }

    [Fact]
    public async Task Submit_WithoutRequestId_ARetryQueuesASecondMessage()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var request = Request(string.Empty);

        var first = await client.SubmitAsync(request);
        var second = await client.SubmitAsync(request);

        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.Equal(2, OutboxRows());
    }

    [Theory]
    [InlineData("tab\there")]
    [InlineData("é-not-ascii")]
    [InlineData("129-characters")]
    public async Task Submit_InvalidRequestId_IsInvalidArgumentNamingRequestId(string requestId)
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.SubmitAsync(Request(requestId == "129-characters" ? new string('k', 129) : requestId)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = Assert.Single(error.GetRpcStatus()!.Details.Select(d => d.TryUnpack<Google.Rpc.BadRequest>(out var b) ? b : null).OfType<Google.Rpc.BadRequest>());
        Assert.Equal("request_id", Assert.Single(badRequest.FieldViolations).Field);
        Assert.Equal(0, OutboxRows());
    }

    private static AgencySubmitRequest Request(string requestId) => new()
    {
        Message = SampleMessages.Realistic(DateTimeOffset.UtcNow),
        Members = { "DE" },
        Handling = HandlingCode.H1,
        HubMayRead = true,
        RequestId = requestId,
    };

    private static byte[] Id(AgencySubmitResponse response) => Guid.Parse(response.MessageId).ToByteArray(bigEndian: true);

    private long OutboxRows()
    {
        using var connection = Node.Store.Database.OpenReadConnection();
        return (long)connection.Scalar("SELECT COUNT(*) FROM outbox;")!;
    }

    /// <summary>"action message-id-hex detail" of <paramref name="actor"/>'s submission entries, oldest first.</summary>
    private List<string> Audit(string actor)
    {
        using var connection = Node.Store.Database.OpenReadConnection();
        using var command = connection.Command(
            "SELECT action, CASE WHEN message_id IS NULL THEN '-' ELSE lower(hex(message_id)) END, detail FROM audit WHERE actor = $actor AND action IN ('enqueue', 'enqueue-repeat', 'submit-refused') ORDER BY seq;",
            ("$actor", actor));
        using var reader = command.ExecuteReader();
        var entries = new List<string>();
        while (reader.Read())
        {
            entries.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetString(2)}");
        }

        return entries;
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("/v1/messages", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
