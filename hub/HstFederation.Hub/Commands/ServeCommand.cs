using HstFederation.Hosting;
using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Commands;

/// <summary>`serve`: runs the hub (<see cref="HubApplication"/>) until stopped. Needs every path setting.</summary>
internal static class ServeCommand
{
    public const string Name = "serve";
    public const string Summary = "Run the hub: gRPC over mutual TLS 1.3 for members (hst.v1.Hub).";

    public const string Help = """
        Usage: hst-hub serve [--config FILE] [--Hub:<Name>=<value> ...]

        Runs the hub until stopped (Ctrl+C / SIGTERM): Kestrel on Hub:ListenAddress:Hub:Port, TLS 1.3 only,
        a client certificate issued by the federation root required, the hst.v1.Hub service and the gRPC
        health service. Needs Hub:DatabasePath, Hub:CredentialsDirectory (the hub's party directory),
        Hub:RootCertificatePath and Hub:RevocationListPath; every problem names its setting or file. Settings come from
        ./appsettings.json, then --config FILE (a JSON file of the same form), environment variables and the command line.
        One serve per database: it holds an exclusive lock on <database>.serve for its whole life (the OS drops it
        when the process ends, even killed) and writes its pid and start time to <database>.serve.pid; a second
        serve on the same database refuses at once, naming the database and that pid and start time.
        The database must exist (create it with 'hst-hub init'): a missing or empty (0-byte) file, or one with no
        tables, is refused, never taken for a new hub. Logs a Warning at start (event 4) when the database's volume
        has less than 1 GiB or 5 % free, and one (event 5) when the database is readable or writable by its group
        or others, with the fix (chmod 600 <database>); the mode is never changed. Exits 1 when it cannot start (the setting, settings file or database file at fault is
        named, the serve already running on the database, the lock file it cannot write, e.g. on a full disk, or a port
        another program holds: Hub:Port or Hub:AdminPort).

        Example:
          hst-hub serve --Hub:DatabasePath=/var/lib/hst/hub.db --Hub:CredentialsDirectory=/etc/hst/hub \
            --Hub:RootCertificatePath=/etc/hst/root.crt.pem --Hub:RevocationListPath=/etc/hst/federation.crl.pem
          hst-hub serve --config /etc/hst/hub.json
        """;

    private static readonly HashSet<string> NoValueOptions = [];

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        if (args.Any(arg => arg is "--help" or "-h"))
        {
            stdout.WriteLine(Help);
            return HubCommandLine.Success;
        }

        IConfiguration? settings = null;
        try
        {
            // The settings as every other command reads them first: an unknown --Hub: key is a usage error, as there.
            settings = CommandSettings.Build(CommandArguments.Parse(args, NoValueOptions));
            // Before the lock (no lock files beside a mistyped path) and before the store opens, which building the hub
            // does: SQLite would create a new, empty hub at a mistyped path, on a volume not mounted or in a 0-byte file.
            // Creating one is `init`'s. Without the setting, building the hub names it as missing.
            if (settings[$"{HubOptions.Section}:{nameof(HubOptions.DatabasePath)}"] is { Length: > 0 } database)
            {
                DatabaseFile.RequireExisting(database, DatabaseProgram.Hub);
            }

            // Before the store opens or a port is bound: a second serve on the same file is refused here, whole.
            using var held = await LockAsync(settings, time);
            await using (var app = HubApplication.Build(args, time))
            {
                await app.RunAsync();
            }

            return HubCommandLine.Success;
        }
        catch (CommandUsageException e)
        {
            stderr.WriteLine("hst-hub serve: " + e.Message);
            stderr.WriteLine();
            stderr.WriteLine(Help);
            return HubCommandLine.BadArguments;
        }
        catch (Exception e) when (e is HubConfigurationException or DatabaseFileException or ServeLockedException or ServeLockFileException
            or CommandFailedException)
        {
            // A database file the hub cannot use (another program's, a newer schema, locked …) is found when the store opens, at start.
            // Prefixed as every other command's refusal ("hst-hub members: ..."), so one grep finds serve's too.
            stderr.WriteLine("hst-hub serve: " + e.Message);
            return HubCommandLine.Failure;
        }
        catch (Exception e) when (settings is not null && ListenFailure.Describe(e, ListeningPorts(settings)) is { } reason)
        {
            // A port held by another program, found when Kestrel binds, after the store opened: nothing was served.
            stderr.WriteLine("hst-hub serve: " + reason);
            return HubCommandLine.Failure;
        }
    }

    /// <summary>The ports serve binds, with their settings, as the hub reads them (defaults where not set).</summary>
    private static (int Port, string Setting)[] ListeningPorts(IConfiguration settings)
    {
        var options = settings.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        return
        [
            (options.Port, $"{HubOptions.Section}:{nameof(HubOptions.Port)}"),
            (options.AdminPort, $"{HubOptions.Section}:{nameof(HubOptions.AdminPort)}"),
        ];
    }

    /// <summary>
    /// The lock on the database serve will open; without a database path, or beside a directory that is not there, none:
    /// the hub's own start refuses that with the setting or file named.
    /// </summary>
    private static async Task<ServeLock?> LockAsync(IConfiguration settings, TimeProvider time)
    {
        var setting = $"{HubOptions.Section}:{nameof(HubOptions.DatabasePath)}";
        if (settings[setting] is not { Length: > 0 } database || !System.IO.Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(database))))
        {
            return null;
        }

        return await ServeLock.AcquireAsync(database, "hst-hub", setting, time, CancellationToken.None);
    }
}
