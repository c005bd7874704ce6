using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using HstFederation.Protocol.Transport;
using HstFederation.Protocol.V1;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>
/// A national agency's gRPC client of its node (<c>hst.v1.AgencyGateway</c>): mutual TLS 1.3 with the agency
/// certificate the dev PKI's <c>agency</c> command issued, trusting only the member's national CA. The address is
/// fixed, so the channel outlives restarts of the node (calls fail while it is down).
/// </summary>
internal sealed class AgencyClient : IDisposable
{
    private readonly X509Certificate2 _nationalRoot;
    private readonly X509Certificate2 _certificate;
    private readonly GrpcChannel _channel;

    public AgencyClient(Uri address, string nationalRootPath, string certificatePath, string keyPath)
    {
        _nationalRoot = X509Certificate2.CreateFromPem(File.ReadAllText(nationalRootPath));
        _certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        _channel = AgencyChannels.Create(address, _nationalRoot, _certificate);
        Gateway = new AgencyGateway.AgencyGatewayClient(_channel);
    }

    public AgencyGateway.AgencyGatewayClient Gateway { get; }

    public void Dispose()
    {
        _channel.Dispose();
        _certificate.Dispose();
        _nationalRoot.Dispose();
    }
}
