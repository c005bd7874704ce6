using System.Net;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// A JSON request for no call of the agency API (AgencyJsonUnknownRoute): an unknown path or a wrong method gets the API's
/// one error shape (docs/agency-api.md §3), not routing's bare 404 with an empty body; a gRPC call is left to gRPC.
/// </summary>
public sealed class JsonUnknownRouteTests : AgencyTestBase
{
    [Theory]
    [InlineData("GET", "/v1/nothing")]
    [InlineData("POST", "/v1/messages/0192f3c4-5e6a-7b8c-9d0e-1f2a3b4c5d6e/nothing")]
    [InlineData("GET", "/")]
    public async Task UnknownPath_IsPathNotFound404InTheApisErrorShape(string method, string path)
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var message = await AssertStatusAsync(response, "PATH_NOT_FOUND");
        Assert.Contains(path, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongMethod_IsMethodNotAllowed405WithAllow()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);

        using var response = await http.DeleteAsync("/v1/inbox");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
        var message = await AssertStatusAsync(response, "METHOD_NOT_ALLOWED");
        Assert.Contains("/v1/inbox takes GET, not DELETE", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcCallToAnUnknownMethod_IsStillGrpcsUnimplemented()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var unknown = new Method<Empty, Empty>(MethodType.Unary, "hst.v1.AgencyGateway", "Nothing",
            Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), Empty.Parser.ParseFrom),
            Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), Empty.Parser.ParseFrom));

        var refused = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(unknown, null, default, new Empty()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, refused.StatusCode);
        // grpc-dotnet's own answer (a gRPC status in trailers), not an HTTP error the client had to translate.
        Assert.DoesNotContain("HTTP status code", refused.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>Asserts the body is a google.rpc.Status NOT_FOUND with <paramref name="reason"/> and a correlation id; returns its message.</summary>
    private static async Task<string> AssertStatusAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.Equal((int)StatusCode.NotFound, root.GetProperty("code").GetInt32());
        var message = root.GetProperty("message").GetString()!;
        Assert.StartsWith(reason + ": ", message, StringComparison.Ordinal);
        var info = Assert.Single(root.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", info.GetProperty("@type").GetString());
        Assert.Equal(reason, info.GetProperty("reason").GetString());
        Assert.Equal("hst.node.agency", info.GetProperty("domain").GetString());
        Assert.Contains("(correlation id " + info.GetProperty("metadata").GetProperty("correlation_id").GetString() + ")", message, StringComparison.Ordinal);
        return message;
    }
}
