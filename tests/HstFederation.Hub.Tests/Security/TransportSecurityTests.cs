using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using HstFederation.DevPki;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Transport;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Security;

/// <summary>
/// THREATS rows 1–4 against the production builder on real Kestrel: only a TLS 1.3 client holding a
/// valid federation TLS certificate gets a call through; every other certificate fails the handshake.
/// </summary>
public sealed class TransportSecurityTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(prepare: RevokeEs);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Call_ValidMemberCertificate_GetsThrough()
    {
        var directory = await _hub.Client("FR").GetDirectoryAsync(new GetDirectoryRequest());

        Assert.False(directory.Statement.IsEmpty);
    }

    [Fact]
    public async Task Call_WithoutClientCertificate_IsRefused()
    {
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => FederationChannels.IsExpectedServer(certificate, _hub.Trust, PartyId.Hub),
            },
        };
        using var channel = GrpcChannel.ForAddress(_hub.Address, new GrpcChannelOptions { HttpHandler = handler });

        await AssertRefusedAsync(new Protocol.V1.Hub.HubClient(channel));
    }

    public static TheoryData<string> BadCertificates() =>
    [
        "other-ca-same-subject", "expired", "not-yet-valid", "server-auth-only", "ca-bit", "no-uri-san", "two-uri-sans", "revoked", "signing-key-as-tls",
    ];

    [Theory]
    [MemberData(nameof(BadCertificates))]
    public async Task Call_WithBadClientCertificate_IsRefusedAtTheHandshake(string kind)
    {
        var certificate = BadCertificate(kind);

        await AssertRefusedAsync(new Protocol.V1.Hub.HubClient(_hub.Channel(certificate)));
    }

    [Fact]
    public async Task Handshake_Tls12_IsRefused()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", _hub.Port);
        await using var ssl = new SslStream(tcp.GetStream());
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "hub",
            EnabledSslProtocols = SslProtocols.Tls12,
            ClientCertificates = [_hub.TlsCertificate("FR")],
            RemoteCertificateValidationCallback = (_, certificate, _, _) => FederationChannels.IsExpectedServer(certificate, _hub.Trust, PartyId.Hub),
        };

        await Assert.ThrowsAnyAsync<Exception>(() => ssl.AuthenticateAsClientAsync(options));
    }

    [Fact]
    public async Task Client_ServerPresentingAMemberCertificate_IsNotTrustedAsTheHub()
    {
        var frTls = _hub.TlsCertificate("FR");

        Assert.False(FederationChannels.IsExpectedServer(frTls, _hub.Trust, PartyId.Hub));
        Assert.True(FederationChannels.IsExpectedServer(_hub.TlsCertificate(PartyId.HubCode), _hub.Trust, PartyId.Hub));
        await Task.CompletedTask;
    }

    private X509Certificate2 BadCertificate(string kind)
    {
        var pki = _hub.Federation.Pki;
        var fr = PartyId.Member("FR");
        var now = DateTimeOffset.UtcNow;
        IssuedCertificate issued = kind switch
        {
            "other-ca-same-subject" => DevelopmentPki.Create(Encoding.ASCII.GetBytes("impostor"), now.AddMinutes(-5)).IssueTls(fr),
            "expired" => pki.IssueTls(fr, new CertificateOptions { NotBefore = now.AddDays(-10), NotAfter = now.AddDays(-1) }),
            "not-yet-valid" => pki.IssueTls(fr, new CertificateOptions { NotBefore = now.AddDays(1), NotAfter = now.AddDays(10) }),
            "server-auth-only" => pki.IssueTls(fr, new CertificateOptions { ExtendedKeyUsages = [CertificateOptions.ServerAuth] }),
            "ca-bit" => pki.IssueTls(fr, new CertificateOptions { IsCertificateAuthority = true }),
            "no-uri-san" => pki.IssueTls(fr, new CertificateOptions { Identities = [] }),
            "two-uri-sans" => pki.IssueTls(fr, new CertificateOptions { Identities = ["urn:hst:member:FR", "urn:hst:member:DE"] }),
            "revoked" => _hub.Issued("ES").Tls,
            "signing-key-as-tls" => _hub.Issued("FR").Signing,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return kind == "signing-key-as-tls"
            ? X509CertificateLoader.LoadCertificate(issued.CertificateDer)
            : issued.ToX509Certificate2();
    }

    private static async Task AssertRefusedAsync(Protocol.V1.Hub.HubClient client)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetDirectoryAsync(new GetDirectoryRequest(), deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync);

        Assert.Contains(error.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal, StatusCode.Unauthenticated });
    }

    private static void RevokeEs(DevelopmentFederation federation, string directory)
    {
        federation.Pki.Revoke(federation.Members["ES"], DateTimeOffset.UtcNow.AddMinutes(-1));
        var crl = federation.Pki.IssueCrl(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(Path.Combine(directory, "federation.crl.pem"), crl.Pem);
    }
}
