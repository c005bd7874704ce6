using System.Globalization;
using System.Net;
using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Security;
using HstFederation.Protocol.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HstFederation.LoadGenerator.Baselines;

/// <summary>
/// The baseline server (`baseline-server --pki DIR --port-file FILE`, started by the generator as a child
/// process): Kestrel on 127.0.0.1 with the hub's own credentials and exactly the hub's TLS configuration
/// (<see cref="FederationTls.Configure"/>: TLS 1.3 only, client certificate required and checked against the
/// federation root and CRL, the same cipher suites) and the hub's HTTP/2 and gRPC limits, serving only
/// <see cref="BaselineService"/>.
/// </summary>
internal static class BaselineServer
{
    public static async Task<int> RunAsync(string pki, string portFile)
    {
        var trust = FederationTrust.Load(FederationLayout.RootCertificate(pki), FederationLayout.RevocationList(pki), TimeProvider.System);
        using var certificate = CredentialLoader.LoadTlsCertificate(FederationLayout.HubDirectory(pki), trust);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [HubApplication.ReadConfigurationOnce] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddGrpc(HubApplication.ApplyMessageLimits);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BaselineServer));
            HubApplication.ApplyConnectionLimits(kestrel, new HubOptions());
            kestrel.Listen(IPAddress.Loopback, 0, listen => FederationTls.Configure(listen, certificate, trust, logger));
        });

        await using var app = builder.Build();
        app.MapGrpcService<BaselineService>();
        app.Lifetime.ApplicationStarted.Register(() => File.WriteAllText(portFile, HubApplication.BoundPort(app).ToString(CultureInfo.InvariantCulture)));
        await app.RunAsync();
        return 0;
    }
}
