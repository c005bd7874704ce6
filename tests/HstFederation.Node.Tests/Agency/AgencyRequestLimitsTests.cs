using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Compression;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// THREATS rows 16 and 17 at the agency listener (a stolen agency certificate is an adversary too): unlike the hub, the
/// node accepts gzip from agencies, and inflates a request only up to the 4 MiB message limit; a small request that
/// would inflate to 16 MiB is ResourceExhausted, and the node keeps serving.
/// </summary>
public sealed class AgencyRequestLimitsTests : AgencyTestBase
{
    [Fact]
    public async Task Submit_GzipRequestInflatingPastTheMessageLimit_IsResourceExhausted_NothingQueued_AndTheNodeKeepsServing()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var root = X509CertificateLoader.LoadCertificate(Node.National.RootCertificateDer);
        using var channel = GrpcChannel.ForAddress(Node.Address, new GrpcChannelOptions
        {
            HttpHandler = Protocol.Transport.AgencyChannels.Handler(root, agency.Certificate),
            DisposeHttpClient = true,
            CompressionProviders = [new GzipCompressionProvider(System.IO.Compression.CompressionLevel.Fastest)],
        });
        var client = new AgencyGateway.AgencyGatewayClient(channel);
        var message = Message(HandlingCode.H1);
        message.Case.Summary = new string('a', 16 * 1024 * 1024); // gzips to well under the limit
        var gzip = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        var error = await Assert.ThrowsAsync<RpcException>(() => client.SubmitAsync(new AgencySubmitRequest { Message = message }, gzip).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Empty((await client.ListOutboxAsync(new AgencyListRequest())).Messages);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM outbox;"));
    }
}
