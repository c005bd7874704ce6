namespace HstFederation.Node.Hosting;

/// <summary>
/// Builds the node exactly as `hst-node serve` runs it; the integration tests call the same method.
/// Configuration: appsettings.json, HST_ environment variables (HST_Node__DatabasePath …), command line.
/// </summary>
internal static class NodeApplication
{
    /// <param name="logSink">An extra log destination (tests read what the node logged).</param>
    public static IHost Build(string[] args, TimeProvider? time = null, ILoggerProvider? logSink = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
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
        builder.Services.AddNodeCore(options, credentials, clock);

        var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(NodeApplication));
        NodeLog.Started(logger, credentials.Party.Party.Uri, options.DatabasePath, options.HubAddress);
        return host;
    }
}
