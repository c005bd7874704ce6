using HstFederation.Hosting;
using HstFederation.Node.Hosting;

namespace HstFederation.Node.Commands;

/// <summary>
/// The configuration commands read, in order (later wins): appsettings.json in the working directory, the
/// --config file, environment variables, HST_ environment variables, then --Node:* on the command line.
/// Every command refuses a key under Node that no setting binds to and a value that is not of its setting's type
/// (<see cref="SettingsCheck"/>): before anything runs, so `init` never writes a misspelled setting into --config.
/// Beyond that each command validates only the settings it uses; problems name the setting, or the file that is not valid JSON.
/// </summary>
internal static class CommandSettings
{
    public static IConfiguration Build(CommandArguments arguments, bool configMayBeMissing = false)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(System.IO.Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false);
        if (arguments.ConfigFile is { } file)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path) && !configMayBeMissing)
            {
                throw new CommandFailedException($"--config: {path} does not exist (create it with 'hst-node init --config {file} ...').");
            }

            builder.AddJsonFile(path, optional: true, reloadOnChange: false);
        }

        try
        {
            var configuration = builder
                .AddEnvironmentVariables()
                .AddEnvironmentVariables("HST_")
                .AddCommandLine([.. arguments.Settings])
                .Build();
            ThrowIfAny(NodeSettings.KeyProblems(configuration));
            return configuration;
        }
        catch (InvalidDataException error)
        {
            throw ConfigurationFiles.Unreadable(error);
        }
    }

    /// <summary>An unknown key given on the command line is a usage error (exit 2); the rest fail the command (exit 1).</summary>
    private static void ThrowIfAny(IReadOnlyList<SettingProblem> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        // One shape wherever the key was found; only the exit code (and the usage shown) says it was the command line.
        var message = ConfigurationProblems.Describe("node", problems.Select(p => p.Message));
        throw problems.Any(p => p.UnknownOnCommandLine)
            ? new CommandUsageException(message)
            : new NodeConfigurationException(message);
    }

    /// <summary>The --config and --Node:* arguments of a command line, for `serve`, which hands them to the host.</summary>
    public static string[] HostArguments(CommandArguments arguments) =>
        arguments.ConfigFile is { } file ? [.. arguments.Settings, $"--config={Path.GetFullPath(file)}"] : [.. arguments.Settings];
}
