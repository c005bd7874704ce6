using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;

namespace HstFederation.Protocol.Transport;

/// <summary>
/// gRPC channels between federation parties: TLS 1.3 only with AEAD suites, our federation TLS certificate as client
/// certificate, and the server accepted only if the federation root issued its TLS certificate to the
/// expected party. Host names play no part (federation certificates name parties, not hosts); the OS
/// trust store plays none either. Whatever <c>options</c> a caller passes, the channel reads every message the hub may
/// send (<see cref="HubMessageLimits"/>), not gRPC's default 4 MiB, which is less than a Delivery of a valid envelope:
/// options given for something else (compression, say) would otherwise bring that default back with them.
/// </summary>
public static class FederationChannels
{
    public static GrpcChannel Create(Uri address, X509Certificate2 clientCertificate, FederationTrust trust, PartyId expectedServer, GrpcChannelOptions? options = null)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            SslOptions = ClientTls(clientCertificate, trust, expectedServer),
        };
        var channelOptions = options ?? new GrpcChannelOptions();
        channelOptions.MaxReceiveMessageSize = HubMessageLimits.MaxResponseBytes;
        channelOptions.HttpHandler = handler;
        channelOptions.DisposeHttpClient = true;
        return GrpcChannel.ForAddress(address, channelOptions);
    }

    /// <summary>
    /// The client's side of the handshake: TLS 1.3 and the same AEAD suites the listeners allow (<see cref="TlsSuites"/>;
    /// THREATS 4 limits them on both sides, so a client does not depend on the platform's defaults either).
    /// </summary>
    internal static SslClientAuthenticationOptions ClientTls(X509Certificate2 clientCertificate, FederationTrust trust, PartyId expectedServer) => new()
    {
        EnabledSslProtocols = SslProtocols.Tls13,
        CipherSuitesPolicy = TlsSuites.Strong(),
        ClientCertificates = [clientCertificate],
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck, // the federation CRL decides, below
        RemoteCertificateValidationCallback = (_, certificate, _, _) => IsExpectedServer(certificate, trust, expectedServer),
    };

    /// <summary>The platform's chain errors are computed against the OS store and are ignored on purpose.</summary>
    public static bool IsExpectedServer(X509Certificate? certificate, FederationTrust trust, PartyId expectedServer)
    {
        if (certificate is null)
        {
            return false;
        }

        var check = trust.Validate(certificate.GetRawCertData(), CertificatePurpose.Tls, trust.Time.GetUtcNow());
        return check.IsValid && check.Key!.Party == expectedServer;
    }
}
