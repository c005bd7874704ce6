using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using HstFederation.Protocol.Transport;
using HstFederation.Protocol.V1;

namespace HstFederation.Demo.Federation;

/// <summary>
/// A national agency's connection to its node's agency API (docs/agency-api.md §5): gRPC over mutual TLS 1.3 with
/// the agency's client certificate, trusting only the node's national CA — no certificate callback.
/// </summary>
internal sealed class AgencyConnection : IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2 _nationalRoot;
    private readonly GrpcChannel _channel;

    public AgencyConnection(NodeParty node, AgencyCredentials credentials)
    {
        _certificate = X509Certificate2.CreateFromPemFile(credentials.Certificate, credentials.PrivateKey);
        _nationalRoot = X509CertificateLoader.LoadCertificateFromFile(node.AgencyRootCertificate);
        _channel = AgencyChannels.Create(node.AgencyEndpoint, _nationalRoot, _certificate);
        Client = new AgencyGateway.AgencyGatewayClient(_channel);
    }

    public AgencyGateway.AgencyGatewayClient Client { get; }

    public void Dispose()
    {
        _channel.Dispose();
        _certificate.Dispose();
        _nationalRoot.Dispose();
    }
}
