using System.ComponentModel.DataAnnotations;
using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Commands;

/// <summary>
/// The configuration `serve` reads (appsettings.json, appsettings.{Environment}.json, environment variables,
/// HST_ environment variables, then the command line), bound to <see cref="HubOptions"/>. Unlike `serve`,
/// which needs every setting, each operator command validates only the settings it uses: most need just
/// Hub:DatabasePath, so they run without the hub's TLS credentials. Problems name the setting.
/// </summary>
internal static class CommandSettings
{
    public static IConfiguration Build(IReadOnlyList<string> settings)
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(System.IO.Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environment}.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddEnvironmentVariables("HST_")
            .AddCommandLine(settings.ToArray())
            .Build();
    }

    /// <summary>Binds the Hub section and validates the named properties (e.g. nameof(HubOptions.DatabasePath)).</summary>
    public static HubOptions Read(IConfiguration configuration, IReadOnlyCollection<string> required)
    {
        HubOptions options;
        try
        {
            options = configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new CommandFailedException("invalid hub configuration: " + (e.InnerException?.Message ?? e.Message), e);
        }

        var problems = new List<string>();
        foreach (var name in required)
        {
            var property = typeof(HubOptions).GetProperty(name) ?? throw new ArgumentException($"No hub setting {name}.", nameof(required));
            var results = new List<ValidationResult>();
            var context = new ValidationContext(options) { MemberName = name };
            if (!Validator.TryValidateProperty(property.GetValue(options), context, results))
            {
                problems.AddRange(results.Select(r => $"{HubOptions.Section}:{name}: {r.ErrorMessage} " +
                    $"(appsettings.json, HST_{HubOptions.Section}__{name} or --{HubOptions.Section}:{name}=...)"));
            }
        }

        return problems.Count == 0
            ? options
            : throw new CommandFailedException("invalid hub configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
    }
}
