using System.Net;
using System.Security.Cryptography.X509Certificates;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Security;
using HstFederation.Protocol.Envelope;
using HstFederation.Testing.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HstFederation.Benchmarks;

/// <summary>
/// Kestrel on 127.0.0.1 with the hub's development credentials and exactly the hub's TLS setup
/// (<see cref="FederationTls.Configure"/>: TLS 1.3 only, client certificate required and checked against the
/// federation root and CRL, the hub's cipher suites) and its gRPC message limits, serving
/// <see cref="StubHubService"/> and <see cref="NodeSendEchoService"/> in this process.
/// </summary>
internal sealed class StubHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;

    private StubHub(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
        Address = new Uri($"https://127.0.0.1:{HubApplication.BoundPort(app)}");
    }

    public Uri Address { get; }

    /// <summary>Starts the stub hub of <paramref name="pki"/>, whose directory lists <paramref name="memberCodes"/>.</summary>
    public static async Task<StubHub> StartAsync(TestPki pki, IEnumerable<string> memberCodes)
    {
        var certificate = pki.IssuedHub.Tls.ToX509Certificate2();
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [HubApplication.ReadConfigurationOnce] });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var directory = StubHubService.SignedDirectory(pki.Hub, memberCodes.Select(pki.Member), pki.Time.GetUtcNow());
            builder.Services.AddSingleton(new StubHubService(pki.Hub, directory, pki.Time));
            builder.Services.AddGrpc(HubApplication.ApplyMessageLimits);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StubHub));
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = EnvelopeLimits.Default.MaxEnvelopeBytes + 65536;
                kestrel.Listen(IPAddress.Loopback, 0, listen => FederationTls.Configure(listen, certificate, pki.Trust, logger));
            });

            var app = builder.Build();
            app.MapGrpcService<StubHubService>();
            app.MapGrpcService<NodeSendEchoService>();
            await app.StartAsync().ConfigureAwait(false);
            return new StubHub(app, certificate);
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _certificate.Dispose();
    }
}
