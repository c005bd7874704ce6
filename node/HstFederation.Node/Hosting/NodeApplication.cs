using System.Globalization;
using System.Net;
using HstFederation.Hosting;
using HstFederation.Node.Agency;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HstFederation.Node.Hosting;

/// <summary>
/// Builds the node exactly as `hst-node serve` runs it; the integration tests call the same method: the
/// hub link (outbox sender, inbox subscriber, directory and CRL refresh) and the agency API, whose Kestrel
/// listener is the only one (mutual TLS 1.3 with the national CA's certificates, HTTP/1.1 and HTTP/2 for
/// gRPC and its JSON transcoding), behind the connection gate the hub's listener has (<see cref="AgencyConnections"/>).
/// Configuration, later wins: appsettings.json, the --config file, environment variables, HST_ environment variables
/// (HST_Node__DatabasePath …), the command line.
/// </summary>
internal static class NodeApplication
{
    /// <summary>
    /// The node reads its configuration once, at start. Without this host setting the default appsettings.json
    /// source, cleared below, would already have started an inotify watch on the content root (the working
    /// directory) and every directory under it: all of `/` under systemd's default, with an event for each write
    /// of a database beneath it.
    /// </summary>
    private const string ReadConfigurationOnce = "--hostBuilder:reloadConfigOnChange=false";

    /// <param name="logSink">An extra log destination (tests read what the node logged).</param>
    /// <param name="volumeProbe">Reads the database volume's free space for the warning at start (<see cref="VolumeSpace.Read"/>; tests report a nearly full one).</param>
    public static WebApplication Build(
        string[] args, TimeProvider? time = null, ILoggerProvider? logSink = null, Func<string, VolumeReading?>? volumeProbe = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [ReadConfigurationOnce, .. args] });
        if (logSink is not null)
        {
            builder.Logging.AddProvider(logSink);
        }

        // Request logs carry URLs, and an agency's JSON search puts names and document numbers in the query
        // string: below Warning, ASP.NET Core's own categories stay silent (the audit log records searches).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // The same sources, in the same order, as the operator commands (Commands/CommandSettings.cs), so
        // `serve` and `hst-node status` never read different databases.
        builder.Configuration.Sources.Clear();
        try
        {
            // The builder's configuration loads each file as it is added.
            builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true, reloadOnChange: false);
            if (new ConfigurationBuilder().AddCommandLine(args).Build()["config"] is { Length: > 0 } file)
            {
                builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
            }
        }
        catch (InvalidDataException error)
        {
            throw ConfigurationFiles.Unreadable(error);
        }

        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddEnvironmentVariables("HST_");
        builder.Configuration.AddCommandLine(args);
        var options = NodeSettings.Read(builder.Configuration);
        var clock = OffsetTimeProvider.Apply(time ?? TimeProvider.System, options.ClockOffset);
        var credentials = NodeCredentials.Load(options, clock);
        var agency = AgencyCredentials.Load(options, credentials.Party.Party.Code, clock);
        var matchingKey = MatchingKeyFile.Load(options);
        builder.Services.AddNodeCore(options, credentials, clock, matchingKey);
        builder.Services.AddAgencyApi(options, agency);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AgencyTls));
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
            kestrel.Limits.MaxConcurrentConnections = options.AgencyMaxConnections;
            var gate = kestrel.ApplicationServices.GetRequiredService<ConnectionGate<AgencyId>>();
            kestrel.Listen(IPAddress.Parse(options.AgencyListenAddress), options.AgencyPort, listen => gate.Configure(listen,
                tls => AgencyTls.Configure(tls, agency.ServerCertificate, agency.Trust, kestrel.ApplicationServices.GetRequiredService<NodeStore>, logger)));
        });

        var app = builder.Build();
        WarnIfLowOnDisk(app.Logger, options.DatabasePath, volumeProbe ?? VolumeSpace.Read);
        WarnIfNotPrivate(app.Logger, options.DatabasePath);
        if (options.ClockOffset != TimeSpan.Zero)
        {
            NodeLog.ClockOffset(app.Logger, options.ClockOffset);
        }

        if (matchingKey is null)
        {
            IntelligenceLog.NoMatchingKey(app.Logger);
        }
        else
        {
            IntelligenceLog.MatchingKeyLoaded(app.Logger, matchingKey.Current.Id, matchingKey.Keys.Count, matchingKey.Path);
        }

        // After routing (they need the matched endpoint), before the endpoints: a JSON request for no call is refused in
        // the API's error shape; every call, JSON or gRPC, has its caller judged and counted before its request is read,
        // and only then is a JSON request read strictly.
        app.UseMiddleware<AgencyJsonUnknownRoute>();
        app.UseMiddleware<AgencyCallGate>();
        app.UseMiddleware<AgencyJsonRequestCheck>();
        app.MapGrpcService<AgencyGatewayService>();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceStarted(app, options, credentials));
        return app;
    }

    /// <summary>
    /// Said once at start: a database an earlier release's init created (0644), or one copied or restored without its mode, is
    /// readable by every local user. Only said, never changed (<see cref="DatabasePermissions"/>).
    /// </summary>
    private static void WarnIfNotPrivate(ILogger logger, string databasePath)
    {
        if (DatabasePermissions.Loose(databasePath) is { } mode)
        {
            NodeLog.DatabaseNotPrivate(logger, Path.GetFullPath(databasePath), DatabasePermissions.Octal(mode), DatabasePermissions.Fix(databasePath));
        }
    }

    /// <summary>Said once at start, before anything is served: otherwise the first write refused as storage full is the first sign.</summary>
    private static void WarnIfLowOnDisk(ILogger logger, string databasePath, Func<string, VolumeReading?> probe)
    {
        if (LowDiskSpace.Check(databasePath, probe) is { } low)
        {
            NodeLog.LowDiskSpace(logger, Path.GetFullPath(databasePath), LowDiskSpace.Mebibytes(low.Available), LowDiskSpace.Mebibytes(low.Total),
                LowDiskSpace.Mebibytes(LowDiskSpace.MinimumFreeBytes), LowDiskSpace.MinimumFreePercent);
        }
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
        if (app.Services.GetRequiredService<Storage.NodeStore>().Database.QuarantinedAtOpen is > 0 and var quarantined)
        {
            NodeLog.QuarantinedAtOpen(app.Logger, quarantined);
        }

        if (app.Services.GetRequiredService<Storage.NodeStore>().Database.UnrecordedAtOpen is > 0 and var unrecorded)
        {
            NodeLog.UnrecordedAtOpen(app.Logger, unrecorded);
        }
    }
}
