using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using HstFederation.Node.Agency;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Grpc;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// A gRPC call's caller is judged (AgencyCallGate) before grpc-dotnet reads its request message: a refused caller gets its
/// refusal, with its reason and its one `denied` entry, whatever it sent (a body that is no protobuf, or one never finished),
/// in the shape of a refusal inside a call; an agency that may call is served as before.
/// </summary>
public sealed class GrpcCallerTests : AgencyTestBase
{
    private const string Submit = "/hst.v1.AgencyGateway/Submit";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static IReadOnlyList<byte> NotProtobuf => RawGrpcCall.NotProtobuf;

    [Fact]
    public async Task NotProtobuf_OfADisabledAgency_IsAgencyDisabled_AuditedOnce()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        await Node.Store.SetAgencyDisabledAsync("border-police", true, AgencyNode.Operator);

        var error = await CallRawAsync(agency.Certificate, Submit, NotProtobuf);

        AssertRefused(error, StatusCode.PermissionDenied, "AGENCY_DISABLED");
        Assert.Equal([(agency.Actor, $"{Submit} AGENCY_DISABLED")], Denials());
    }

    [Fact]
    public async Task NotProtobuf_WithAnUnregisteredCertificate_IsAgencyNotRegistered_AuditedUnderItsIdentity()
    {
        using var certificate = Node.National.IssueAgency("unknown-agency").ToX509Certificate2();

        var error = await CallRawAsync(certificate, "/hst.v1.AgencyGateway/ListInbox", NotProtobuf);

        AssertRefused(error, StatusCode.PermissionDenied, "AGENCY_NOT_REGISTERED");
        Assert.StartsWith("AGENCY_NOT_REGISTERED: urn:hst:agency:FR:unknown-agency is not registered", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal([("urn:hst:agency:FR:unknown-agency", "/hst.v1.AgencyGateway/ListInbox AGENCY_NOT_REGISTERED")], Denials());
    }

    [Fact]
    public async Task NotProtobuf_OfACallOutsideTheScope_IsOutOfScope_AuditedOnce()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("all", "all"));

        var error = await CallRawAsync(agency.Certificate, Submit, NotProtobuf);

        AssertRefused(error, StatusCode.PermissionDenied, "OUT_OF_SCOPE");
        Assert.Equal([(agency.Actor, $"{Submit} OUT_OF_SCOPE")], Denials());
    }

    [Fact]
    public async Task NotProtobuf_OnAConnectionWhoseCertificateWasBlockedSince_IsCertificateBlocked_AuditedOnce()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var channel = Channel(agency.Certificate);
        // Connected before the block: a new connection would be refused at the handshake.
        await new AgencyGateway.AgencyGatewayClient(channel).ListOutboxAsync(new AgencyListRequest());
        var serial = AgencyCertificateSerial.Of(agency.Certificate);
        await Node.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("border-police", serial), AgencyNode.Operator);

        var error = await CallRawAsync(channel, Submit, NotProtobuf);

        AssertRefused(error, StatusCode.Unauthenticated, "CERTIFICATE_BLOCKED");
        Assert.Equal([(agency.Actor, $"{Submit} CERTIFICATE_BLOCKED serial={serial}")], Denials());
    }

    [Fact]
    public async Task RefusedCaller_IsAnsweredWhileItsRequestMessageIsStillBeingSent()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        await Node.Store.SetAgencyDisabledAsync("border-police", true, AgencyNode.Operator);
        using var http = Node.Http(agency.Certificate);
        var release = new TaskCompletionSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, Submit)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // Declares a 3 MiB message and sends none of it until the test ends: an answer now was given unread.
            Content = new UnfinishedGrpcMessage(3 * 1024 * 1024, release.Task),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");

        try
        {
            using var deadline = new CancellationTokenSource(Deadline);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(((int)StatusCode.PermissionDenied).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(response, "grpc-status"));
            Assert.StartsWith("AGENCY_DISABLED: ", Uri.UnescapeDataString(Header(response, "grpc-message")), StringComparison.Ordinal);
            var status = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(Header(response, "grpc-status-details-bin")));
            Assert.Equal("AGENCY_DISABLED", status.GetDetail<ErrorInfo>().Reason);
            Assert.Equal([(agency.Actor, $"{Submit} AGENCY_DISABLED")], Denials());
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task Refusal_BeforeTheRequest_ReachesTheClientInTheShapeOfARefusalInsideTheCall()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("all", "all"));
        using var channel = Channel(agency.Certificate);

        var missing = new AgencyGetMessageRequest { MessageId = JsonTranscodingTests.MessageIdText(MessageIds.NewId(DateTimeOffset.UtcNow, SystemRandomSource.Instance)) };

        // Refused inside the call, by AgencyErrorInterceptor: the agency may read, the message is not there.
        var inside = await Assert.ThrowsAsync<RpcException>(async () => await new AgencyGateway.AgencyGatewayClient(channel).GetMessageAsync(missing));
        // Refused before its request was read, by AgencyCallGate.
        var before = await CallRawAsync(channel, Submit, NotProtobuf);

        AssertRefused(inside, StatusCode.NotFound, "MESSAGE_NOT_FOUND");
        AssertRefused(before, StatusCode.PermissionDenied, "OUT_OF_SCOPE");
        Assert.Equal(TrailerKeys(inside), TrailerKeys(before));
        Assert.Contains("grpc-status-details-bin", TrailerKeys(before));
    }

    [Fact]
    public async Task AgencyThatMayCall_IsServed_AndItsBodyThatIsNotProtobuf_IsGrpcsOwnError_NotADenial()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var channel = Channel(agency.Certificate);
        var client = new AgencyGateway.AgencyGatewayClient(channel);

        var submitted = await client.SubmitAsync(new AgencySubmitRequest { Message = Message(HandlingCode.H1), Members = { "DE" } });
        var error = await CallRawAsync(channel, Submit, NotProtobuf);

        Assert.NotEmpty(submitted.MessageId);
        Assert.Single((await client.ListOutboxAsync(new AgencyListRequest())).Messages);
        Assert.NotEqual(StatusCode.PermissionDenied, error.StatusCode);
        Assert.NotEqual(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Null(error.GetRpcStatus());
        Assert.Empty(Denials());
    }

    private static void AssertRefused(RpcException error, StatusCode code, string reason)
    {
        Assert.Equal(code, error.StatusCode);
        Assert.StartsWith(reason + ": ", error.Status.Detail, StringComparison.Ordinal);
        var status = error.GetRpcStatus()!;
        Assert.Equal((int)code, status.Code);
        Assert.Equal(error.Status.Detail, status.Message);
        var info = status.GetDetail<ErrorInfo>();
        Assert.Equal((reason, AgencyReasons.Domain), (info.Reason, info.Domain));
        Assert.EndsWith($"(correlation id {info.Metadata["correlation_id"]})", error.Status.Detail, StringComparison.Ordinal);
        Assert.Null(status.GetDetail<BadRequest>());
    }

    private static SortedSet<string> TrailerKeys(RpcException error) =>
        new(error.Trailers.Select(t => t.Key).Where(k => k != "date"), StringComparer.Ordinal);

    private static string Header(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.GetValues(name));

    private async Task<RpcException> CallRawAsync(X509Certificate2 certificate, string method, IReadOnlyList<byte> body)
    {
        using var channel = Channel(certificate);
        return await CallRawAsync(channel, method, body);
    }

    private static Task<RpcException> CallRawAsync(GrpcChannel channel, string method, IReadOnlyList<byte> body) =>
        RawGrpcCall.FailAsync(channel, method, body);

    private GrpcChannel Channel(X509Certificate2 certificate)
    {
        Node.Grpc(certificate, out var channel);
        return channel;
    }

    /// <summary>A gRPC request body that declares a message of <c>length</c> bytes, then sends nothing more until released.</summary>
    private sealed class UnfinishedGrpcMessage : HttpContent
    {
        private readonly int _length;
        private readonly Task _released;

        public UnfinishedGrpcMessage(int length, Task released)
        {
            _length = length;
            _released = released;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var prefix = new byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), (uint)_length);
            await stream.WriteAsync(prefix);
            await stream.FlushAsync();
            await _released;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
