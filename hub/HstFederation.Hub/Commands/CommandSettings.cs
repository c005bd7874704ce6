using System.ComponentModel.DataAnnotations;
using HstFederation.Hosting;
using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Commands;

/// <summary>
/// The configuration the commands read, in order (later wins): appsettings.json and appsettings.{Environment}.json in the
/// working directory, the --config file, environment variables, HST_ environment variables, then --Hub:* on the command
/// line; `serve` reads the same (<see cref="HubApplication"/>). Every command refuses a key under Hub that no setting binds
/// to and a value that is not of its setting's type (<see cref="SettingsCheck"/>); beyond that each validates only the
/// settings it uses: most need just Hub:DatabasePath, so they run without the hub's TLS credentials. Problems name the
/// setting, or the file that is not valid JSON.
/// </summary>
internal static class CommandSettings
{
    public static IConfiguration Build(CommandArguments arguments)
    {
        var builder = new ConfigurationBuilder().SetBasePath(System.IO.Directory.GetCurrentDirectory());
        try
        {
            foreach (var file in HubApplication.SettingsFiles(HubApplication.EnvironmentName(), arguments.ConfigFile))
            {
                builder.AddJsonFile(file.Path, file.Optional, reloadOnChange: false);
            }

            var configuration = builder
                .AddEnvironmentVariables()
                .AddEnvironmentVariables("HST_")
                .AddCommandLine([.. arguments.Settings])
                .Build();
            ThrowIfAny(HubSettings.KeyProblems(configuration));
            return configuration;
        }
        catch (InvalidDataException error)
        {
            throw ConfigurationFiles.Unreadable(error);
        }
    }

    /// <summary>Binds the Hub section and validates the named properties (e.g. nameof(HubOptions.DatabasePath)).</summary>
    public static HubOptions Read(IConfiguration configuration, IReadOnlyCollection<string> required)
    {
        // Keys and value types were checked in Build; a binder error here is a configuration built elsewhere.
        var options = SectionSettings.Bind<HubOptions>(configuration, HubOptions.Section);
        var problems = new List<string>();
        foreach (var name in required)
        {
            var property = typeof(HubOptions).GetProperty(name) ?? throw new ArgumentException($"No hub setting {name}.", nameof(required));
            var results = new List<ValidationResult>();
            var context = new ValidationContext(options) { MemberName = name };
            if (!Validator.TryValidateProperty(property.GetValue(options), context, results))
            {
                problems.AddRange(results.Select(r => $"{HubOptions.Section}:{name}: {r.ErrorMessage} " +
                    $"(appsettings.json, --config FILE, HST_{HubOptions.Section}__{name} or --{HubOptions.Section}:{name}=...)"));
            }
        }

        return problems.Count == 0
            ? options
            : throw new CommandFailedException(ConfigurationProblems.Describe("hub", problems));
    }

    /// <summary>An unknown key given on the command line is a usage error (exit 2); the rest fail the command (exit 1).</summary>
    private static void ThrowIfAny(IReadOnlyList<SettingProblem> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        // One shape wherever the key was found; only the exit code (and the usage shown) says it was the command line.
        var message = ConfigurationProblems.Describe("hub", problems.Select(p => p.Message));
        throw problems.Any(p => p.UnknownOnCommandLine)
            ? new CommandUsageException(message)
            : new HubConfigurationException(message);
    }
}
