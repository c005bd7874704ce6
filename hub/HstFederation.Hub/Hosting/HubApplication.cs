using System.Net;
using HstFederation.Hosting;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Intake;
using HstFederation.Hub.Products;
using HstFederation.Hub.Retention;
using HstFederation.Hub.Security;
using HstFederation.Hub.Services;
using HstFederation.Hub.Telemetry;
using Grpc.AspNetCore.Server;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Transport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HstFederation.Hub.Hosting;

/// <summary>
/// Builds the hub exactly as `hst-hub serve` runs it; the integration tests call the same method.
/// Configuration, later wins: appsettings.json, appsettings.{Environment}.json, the --config file, environment variables,
/// HST_ environment variables (HST_Hub__DatabasePath …), the command line.
/// </summary>
public static class HubApplication
{
    /// <summary>
    /// The hub reads its configuration once, at start. With the default (reload on change), appsettings.json's
    /// provider watches the content root (the working directory unless set otherwise) and every directory under it, with inotify:
    /// the whole file system under systemd's default `/`, and in the hub's data directory one event per write of
    /// the database and its WAL (seen from /tmp: ≈ 14,000 watches, and 7 % of the hub's samples in the kernel's fsnotify).
    /// </summary>
    public const string ReadConfigurationOnce = "--hostBuilder:reloadConfigOnChange=false";

    /// <param name="logSink">An extra log destination (tests read what the hub logged, e.g. why a certificate was refused).</param>
    /// <param name="volumeProbe">Reads the database volume's free space for the warning at start (<see cref="VolumeSpace.Read"/>; tests report a nearly full one).</param>
    public static WebApplication Build(
        string[] args, TimeProvider? time = null, ILoggerProvider? logSink = null, Func<string, VolumeReading?>? volumeProbe = null)
    {
        WebApplicationBuilder builder;
        try
        {
            // The default builder already reads appsettings.json (for its own logging settings) and would throw its
            // parser's error, with a stack trace, before anything below could name the file.
            builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [ReadConfigurationOnce, .. args] });
        }
        catch (InvalidDataException error)
        {
            throw ConfigurationFiles.Unreadable(error);
        }

        if (logSink is not null)
        {
            builder.Logging.AddProvider(logSink);
        }

        // The same sources, in the same order, as the operator commands (Commands/CommandSettings.cs), so `serve` and
        // `hst-hub status` never read different databases.
        builder.Configuration.Sources.Clear();
        try
        {
            // The builder's configuration loads each file as it is added.
            var configFile = new ConfigurationBuilder().AddCommandLine(args).Build()["config"];
            foreach (var file in SettingsFiles(builder.Environment.EnvironmentName, configFile))
            {
                builder.Configuration.AddJsonFile(file.Path, file.Optional, reloadOnChange: false);
            }
        }
        catch (InvalidDataException error)
        {
            throw ConfigurationFiles.Unreadable(error);
        }

        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddEnvironmentVariables("HST_");
        builder.Configuration.AddCommandLine(args);
        var options = HubSettings.Read(builder.Configuration);
        var products = ProductSettings.Read(builder.Configuration);
        var retention = RetentionSettings.Read(builder.Configuration);
        var clock = time ?? TimeProvider.System;
        var credentials = HubCredentials.Load(options, clock);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(credentials);
        builder.Services.AddSingleton(credentials.Trust);
        builder.Services.AddSingleton(services => MemberConnections.Gate(options, credentials.Trust, services.GetRequiredService<ILogger<ConnectionGate<PartyId>>>()));
        builder.Services.AddHubCore();
        builder.Services.AddHubProducts(products);
        builder.Services.AddHubRetention(retention);
        builder.Services.AddHubTelemetry();
        builder.Services.AddHostedService<RevocationListRefresher>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<ErrorInterceptor>();
            grpc.Interceptors.Add<AuthorizationInterceptor>();
            ApplyMessageLimits(grpc);
        });
        builder.Services.AddGrpcHealthChecks().AddCheck<StoreHealthCheck>("store");

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FederationTls));
            ApplyConnectionLimits(kestrel, options);
            var gate = kestrel.ApplicationServices.GetRequiredService<ConnectionGate<PartyId>>();
            kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.Port, listen =>
                gate.Configure(listen, tls => FederationTls.Configure(tls, credentials.TlsCertificate, credentials.Trust, logger)));
            AdminEndpoint.ListenAdmin(kestrel, options.AdminPort);
        });

        var app = builder.Build();
        WarnIfLowOnDisk(app.Logger, options.DatabasePath, volumeProbe ?? VolumeSpace.Read);
        WarnIfNotPrivate(app.Logger, options.DatabasePath);
        // After routing (it needs the matched method), before anything of a call's request is read: its caller judged first.
        app.UseMiddleware<MemberCallGate>();
        app.UseMiddleware<OversizeRequestRefusal>();
        app.MapHubTelemetry();
        app.MapGrpcService<HubGrpcService>();
        app.MapGrpcHealthChecksService();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceBoundPort(app, options));
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
            HubLog.DatabaseNotPrivate(logger, Path.GetFullPath(databasePath), DatabasePermissions.Octal(mode), DatabasePermissions.Fix(databasePath));
        }
    }

    /// <summary>Said once at start, before anything is served: otherwise the first write refused as storage full is the first sign.</summary>
    private static void WarnIfLowOnDisk(ILogger logger, string databasePath, Func<string, VolumeReading?> probe)
    {
        if (LowDiskSpace.Check(databasePath, probe) is { } low)
        {
            HubLog.LowDiskSpace(logger, Path.GetFullPath(databasePath), LowDiskSpace.Mebibytes(low.Available), LowDiskSpace.Mebibytes(low.Total),
                LowDiskSpace.Mebibytes(LowDiskSpace.MinimumFreeBytes), LowDiskSpace.MinimumFreePercent);
        }
    }

    /// <summary>The environment whose appsettings.{Environment}.json is read, as ASP.NET Core names it (Production unless set).</summary>
    internal static string EnvironmentName() =>
        Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";

    /// <summary>
    /// The settings files, in order (later wins): appsettings.json and appsettings.{Environment}.json in the working directory
    /// if they exist, then <paramref name="configFile"/> (--config FILE), which must exist.
    /// </summary>
    internal static IReadOnlyList<(string Path, bool Optional)> SettingsFiles(string environment, string? configFile)
    {
        var directory = System.IO.Directory.GetCurrentDirectory();
        List<(string Path, bool Optional)> files =
        [
            (Path.Combine(directory, "appsettings.json"), true),
            (Path.Combine(directory, $"appsettings.{environment}.json"), true),
        ];
        if (configFile is { Length: > 0 })
        {
            var path = Path.GetFullPath(configFile);
            files.Add(File.Exists(path) ? (path, false) : throw new HubConfigurationException($"--config: {path} does not exist."));
        }

        return files;
    }

    /// <summary>The port Kestrel actually bound (useful with Port = 0).</summary>
    public static int BoundPort(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("https://", StringComparison.Ordinal));
        return new Uri(address).Port;
    }

    private static void AnnounceBoundPort(WebApplication app, HubOptions options)
    {
        var port = BoundPort(app);
        // The admin port first: whoever waits for PortFile finds AdminPortFile already there.
        if (options.AdminPortFile is { } adminPortFile && AdminEndpoint.BoundPort(app.Services) is { } adminPort)
        {
            File.WriteAllText(adminPortFile, adminPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (options.PortFile is { } portFile)
        {
            File.WriteAllText(portFile, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        HubLog.Listening(app.Logger, options.ListenAddress, port);
    }

    /// <summary>
    /// The hub's gRPC message limits, also used by the servers the benchmarks set beside it (so a baseline is
    /// limited exactly as the hub is): requests up to the largest valid one (an envelope at its limit beside blind tokens
    /// at theirs; <see cref="OversizeRequestRefusal"/> answers a larger one, with its reason, before gRPC would), envelope-sized
    /// responses, no error details, and no decompression at all — a compressed request is refused before it is read (no bombs).
    /// </summary>
    internal static void ApplyMessageLimits(GrpcServiceOptions grpc)
    {
        grpc.EnableDetailedErrors = false;
        grpc.MaxReceiveMessageSize = RequestLimits.MaxRequestBytes;
        grpc.MaxSendMessageSize = HubMessageLimits.MaxResponseBytes;
        grpc.CompressionProviders = [new NoCompression()];
    }

    /// <summary>The hub's Kestrel limits, also used by the load generator's baseline server (same limits, same TLS).</summary>
    internal static void ApplyConnectionLimits(KestrelServerOptions kestrel, HubOptions options)
    {
        kestrel.AddServerHeader = false;
        // The largest valid request with its gRPC prefix (for unary calls gRPC leaves Kestrel's body limit in force).
        kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxRequestBytes + RequestLimits.GrpcPrefixBytes;
        kestrel.Limits.MaxConcurrentConnections = options.MaxConnections;
        kestrel.Limits.Http2.MaxStreamsPerConnection = options.MaxCallsPerConnection;

        // A connection that died silently must not keep holding a member's stream slots.
        kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
    }
}
