using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace HstFederation.Protocol.Transport;

/// <summary>
/// A national agency system's connection to its NCB node's agency API: the node's server certificate is accepted only
/// from the NCB's national CA (never the OS store), TLS 1.3, the agency's own certificate as client certificate.
/// Revocation is not checked here because the national CA publishes no CRL: the node's scope table cuts an agency off
/// (docs/agency-api.md).
/// </summary>
public static class AgencyChannels
{
    public static GrpcChannel Create(Uri address, X509Certificate2 nationalRoot, X509Certificate2 clientCertificate) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = Handler(nationalRoot, clientCertificate), DisposeHttpClient = true });

    /// <summary>The HTTP handler alone, for JSON calls over HTTP or for tests that offer another protocol or no certificate.</summary>
    public static SocketsHttpHandler Handler(X509Certificate2 nationalRoot, X509Certificate2? clientCertificate, SslProtocols protocols = SslProtocols.Tls13)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.Add(nationalRoot);
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = protocols,
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                CertificateChainPolicy = policy,
            },
        };
    }
}
