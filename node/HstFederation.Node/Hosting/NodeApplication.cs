using System.Globalization;
using System.Net;
using HstFederation.Node.Agency;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HstFederation.Node.Hosting;

/// <summary>
/// Builds the node exactly as `hst-node serve` runs it; the integration tests call the same method: the
/// hub link (outbox sender, inbox subscriber, directory and CRL refresh) and the agency API, whose Kestrel
/// listener is the only one (mutual TLS 1.3 with the national CA's certificates, HTTP/1.1 and HTTP/2 for
/// gRPC and its JSON transcoding). Configuration: appsettings.json, HST_ environment variables
/// (HST_Node__DatabasePath …), command line.
/// </summary>
internal static class NodeApplication
{
    /// <param name="logSink">An extra log destination (tests read what the node logged).</param>
    public static WebApplication Build(string[] args, TimeProvider? time = null, ILoggerProvider? logSink = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (logSink is not null)
        {
            builder.Logging.AddProvider(logSink);
        }

        builder.Configuration.AddEnvironmentVariables("HST_");
        builder.Configuration.AddCommandLine(args);
        if (builder.Configuration["config"] is { Length: > 0 } file)
        {
            // The file `hst-node init --config FILE` wrote; the environment and the command line still win over it.
            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
            builder.Configuration.AddEnvironmentVariables("HST_");
            builder.Configuration.AddCommandLine(args);
        }
        var options = NodeSettings.Read(builder.Configuration);
        var clock = time ?? TimeProvider.System;
        var credentials = NodeCredentials.Load(options, clock);
        var agency = AgencyCredentials.Load(options, credentials.Party.Party.Code, clock);
        builder.Services.AddNodeCore(options, credentials, clock);
        builder.Services.AddAgencyApi(options, agency);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AgencyTls));
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
            kestrel.Listen(IPAddress.Parse(options.AgencyListenAddress), options.AgencyPort,
                listen => AgencyTls.Configure(listen, agency.ServerCertificate, agency.Trust, logger));
        });

        var app = builder.Build();
        app.MapGrpcService<AgencyGatewayService>();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceStarted(app, options, credentials));
        return app;
    }

    /// <summary>The port the agency listener actually bound (useful with AgencyPort = 0).</summary>
    public static int BoundAgencyPort(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("https://", StringComparison.Ordinal));
        return new Uri(address).Port;
    }

    private static void AnnounceStarted(WebApplication app, NodeOptions options, NodeCredentials credentials)
    {
        var port = BoundAgencyPort(app);
        if (options.AgencyPortFile is { } portFile)
        {
            File.WriteAllText(portFile, port.ToString(CultureInfo.InvariantCulture));
        }

        NodeLog.Started(app.Logger, credentials.Party.Party.Uri, options.DatabasePath, options.HubAddress);
        NodeLog.AgencyListening(app.Logger, options.AgencyListenAddress, port);
    }
}
