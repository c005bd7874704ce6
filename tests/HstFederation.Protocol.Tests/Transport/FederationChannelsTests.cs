using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
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
}
