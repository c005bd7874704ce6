using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Transport;
using HstFederation.Testing.Pki;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Protocol.Tests.Transport;

/// <summary>
/// THREATS 4 on the client's side: a federation client offers TLS 1.3 with the listeners' suites only. Asserted on the
/// options the client hands the platform, not through a handshake: with OpenSSL's defaults the TLS 1.3 suites a client
/// offers are already exactly these three (CCM is off unless openssl.cnf enables it), so a server offering only a suite
/// outside the list fails the handshake with or without the policy; the policy is what keeps a client so on a platform
/// configured otherwise.
/// </summary>
public sealed class FederationChannelsTests
{
    [Fact]
    public void ClientTls_OffersTls13WithTheListenersCipherSuitesOnly()
    {
        var pki = TestPki.Create(new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)), "FR");
        using var certificate = X509CertificateLoader.LoadCertificate(
            pki.IssuedMember("FR").Tls.CertificateDer);

        var options = FederationChannels.ClientTls(certificate, pki.Trust, PartyId.Hub);

        Assert.Equal(SslProtocols.Tls13, options.EnabledSslProtocols);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            Assert.NotNull(options.CipherSuitesPolicy);
            Assert.Equal(TlsSuites.Strong()!.AllowedCipherSuites, options.CipherSuitesPolicy.AllowedCipherSuites);
        }
        else
        {
            Assert.Null(options.CipherSuitesPolicy); // Windows: the platform's TLS 1.3 defaults, all AEAD
        }
    }

    /// <summary>
    /// THREATS 16: a channel reading less than the hub may send fails that Delivery on every resubscription. The channel
    /// takes its limits from the options when it is built, so the options it was built with say what it reads.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Create_WithOrWithoutCallerOptions_ReadsTheHubsLargestResponse(bool callerOptions)
    {
        var pki = TestPki.Create(new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)), "FR");
        using var certificate = X509CertificateLoader.LoadCertificate(pki.IssuedMember("FR").Tls.CertificateDer);
        // Options given for something else, as BackpressureTests gives compression: gRPC's 4 MiB default comes with them.
        var options = callerOptions ? new GrpcChannelOptions { CompressionProviders = [] } : null;

        using var channel = FederationChannels.Create(new Uri("https://127.0.0.1:7443"), certificate, pki.Trust, PartyId.Hub, options);

        Assert.Equal(HubMessageLimits.MaxResponseBytes, ReceiveLimit(channel));
        Assert.True(HubMessageLimits.MaxResponseBytes > 4 * 1024 * 1024);
    }

    /// <summary>
    /// What the built channel reads: grpc-dotnet copies the options' limit into an internal property when it builds the
    /// channel and offers no public way to read it back (were it renamed, this says so rather than passing).
    /// </summary>
    private static int? ReceiveLimit(GrpcChannel channel)
    {
        var property = typeof(GrpcChannel).GetProperty("ReceiveMaxMessageSize", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        Assert.True(property is not null, "GrpcChannel no longer has an internal ReceiveMaxMessageSize");
        return (int?)property.GetValue(channel);
    }
}
