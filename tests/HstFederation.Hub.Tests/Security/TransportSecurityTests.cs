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
    public async Task Call_WithoutClientCertificate_IsRefusedAtTheHandshake()
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

        // Refused by the listener's RequireCertificate, not by a later layer: a listener that let the handshake finish
        // without a certificate would hand the connection to the connection gate, which closes it with this line.
        Assert.DoesNotContain(_hub.Logs.Messages, m => m.StartsWith("Connection closed right after TLS", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> BadCertificates() => new()
    {
        { "other-ca-same-subject", "NotIssuedByFederationRoot" },
        { "expired", "Expired" },
        { "not-yet-valid", "NotYetValid" },
        { "server-auth-only", "WrongExtendedKeyUsage" },
        { "ca-bit", "CertificateAuthority" },
        { "no-uri-san", "MissingIdentity" },
        { "two-uri-sans", "SeveralIdentities" },
        { "revoked", "Revoked" },
        // The client's TLS stack will not sign with a key-agreement-only key, so the hub never sees it.
        { "key-agreement-usage", "" },
    };

    [Theory]
    [MemberData(nameof(BadCertificates))]
    public async Task Call_WithBadClientCertificate_IsRefusedAtTheHandshakeAndLoggedWithItsOwnReason(string kind, string problem)
    {
        var certificate = BadCertificate(kind);

        await AssertRefusedAsync(new Protocol.V1.Hub.HubClient(_hub.Channel(certificate)));

        if (problem.Length > 0)
        {
            Assert.Contains(_hub.Logs.Messages, m => m.StartsWith($"TLS client certificate refused: {problem} ", StringComparison.Ordinal));
        }
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
            "key-agreement-usage" => pki.IssueTls(fr, new CertificateOptions { KeyUsage = X509KeyUsageFlags.KeyAgreement }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return issued.ToX509Certificate2();
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
