using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// A JSON call's caller is judged (AgencyJsonCaller) before its query and body are read: a refused caller gets its refusal,
/// with the audit entry a refused gRPC call leaves, whatever it sent, and learns nothing of what was wrong with its body.
/// </summary>
public sealed class JsonCallerTests : AgencyTestBase
{
    /// <summary>Malformed JSON, an unknown property, an unknown query parameter: each a 400 for an agency that may call.</summary>
    public static TheoryData<string, string, string?> BadRequests { get; } = new()
    {
        { "POST", "/v1/messages", "{\"message\":" },
        { "POST", "/v1/messages", "{\"member\":[\"DE\"]}" },
        { "GET", "/v1/inbox?page_sise=2", null },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequest_OfADisabledAgency_IsItsRefusal403_AuditedAsTheSameGrpcCallIs(string method, string path, string? body)
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        await Node.Store.SetAgencyDisabledAsync("border-police", true, AgencyNode.Operator);
        using var http = Node.Http(agency.Certificate);

        using var response = await SendAsync(http, method, path, body);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AGENCY_DISABLED");
        var rpc = method == "POST" ? "/hst.v1.AgencyGateway/Submit" : "/hst.v1.AgencyGateway/ListInbox";
        Assert.Equal([(agency.Actor, $"{rpc} AGENCY_DISABLED")], Denials());
        Assert.Equal((agency.Actor, $"{rpc} AGENCY_DISABLED"), await GrpcDenialAsync(agency.Certificate, method));
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequest_WithAnUnregisteredCertificate_IsAgencyNotRegistered403_AuditedUnderItsIdentity(string method, string path, string? body)
    {
        using var certificate = Node.National.IssueAgency("unknown-agency").ToX509Certificate2();
        using var http = Node.Http(certificate);

        using var response = await SendAsync(http, method, path, body);

        var message = await AssertRefusedAsync(response, HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AGENCY_NOT_REGISTERED");
        Assert.StartsWith("AGENCY_NOT_REGISTERED: urn:hst:agency:FR:unknown-agency is not registered", message, StringComparison.Ordinal);
        var rpc = method == "POST" ? "/hst.v1.AgencyGateway/Submit" : "/hst.v1.AgencyGateway/ListInbox";
        Assert.Equal([("urn:hst:agency:FR:unknown-agency", $"{rpc} AGENCY_NOT_REGISTERED")], Denials());
        Assert.Equal(("urn:hst:agency:FR:unknown-agency", $"{rpc} AGENCY_NOT_REGISTERED"), await GrpcDenialAsync(certificate, method));
    }

    [Fact]
    public async Task BadQuery_OfACallOutsideTheScope_IsOutOfScope403_AndAudited()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("all", "all"));
        using var http = Node.Http(agency.Certificate);

        using var response = await http.GetAsync("/v1/search?query=x&kinds=document");

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "OUT_OF_SCOPE");
        Assert.Equal([(agency.Actor, "/hst.v1.AgencyGateway/Search OUT_OF_SCOPE")], Denials());
    }

    [Fact]
    public async Task BadBody_OfAnAgencyThatMayCall_IsStillInvalidRequest_AndNotADenial()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);

        using var response = await SendAsync(http, "POST", "/v1/messages", "{\"message\":");

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Empty(Denials());
        Assert.Empty(await Node.Store.OutboxBeforeAsync(null, 10));
    }

    /// <summary>The same call over gRPC, refused: its audit entry, the one the JSON call's must equal.</summary>
    private async Task<(string Actor, string Detail)> GrpcDenialAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string method)
    {
        var client = Node.Grpc(certificate, out var channel);
        using var _ = channel;
        var before = Denials().Count;
        await Assert.ThrowsAsync<RpcException>(async () =>
        {
            if (method == "POST")
            {
                await client.SubmitAsync(new AgencySubmitRequest { Message = SampleMessages.Minimal(DateTimeOffset.UtcNow), Members = { "DE" } });
            }
            else
            {
                await client.ListInboxAsync(new AgencyListRequest());
            }
        });
        var denials = Denials();
        Assert.Equal(before + 1, denials.Count);
        return denials[^1];
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        return await http.SendAsync(request);
    }

    /// <summary>Asserts the refusal in the API's one error shape, with no field named (nothing of the request judged); returns the message.</summary>
    private static async Task<string> AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode http, StatusCode code, string reason)
    {
        Assert.Equal(http, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.Equal((int)code, root.GetProperty("code").GetInt32());
        var message = root.GetProperty("message").GetString()!;
        Assert.StartsWith(reason + ": ", message, StringComparison.Ordinal);
        var details = root.GetProperty("details").EnumerateArray().ToList();
        var info = Assert.Single(details, d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo");
        Assert.Equal(reason, info.GetProperty("reason").GetString());
        Assert.Contains(info.GetProperty("metadata").GetProperty("correlation_id").GetString()!, message, StringComparison.Ordinal);
        if (reason != "INVALID_REQUEST")
        {
            Assert.DoesNotContain(details, d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest");
        }

        return message;
    }
}
