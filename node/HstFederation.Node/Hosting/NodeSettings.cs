using HstFederation.Hosting;
using System.ComponentModel.DataAnnotations;

namespace HstFederation.Node.Hosting;

/// <summary>Reads and validates <see cref="NodeOptions"/>; every problem names its setting.</summary>
internal static class NodeSettings
{
    /// <summary>Binds the Node section and validates <paramref name="required"/> (property names), or every property when null.</summary>
    public static NodeOptions Read(IConfiguration configuration, IReadOnlyCollection<string>? required = null)
    {
        if (KeyProblems(configuration) is { Count: > 0 } keyProblems)
        {
            throw new NodeConfigurationException(ConfigurationProblems.Describe("node", keyProblems.Select(p => p.Message)));
        }

        NodeOptions options;
        try
        {
            options = configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
        }
        catch (InvalidOperationException e)
        {
            // Values that do not convert were refused above, naming the key; the binder's own message names it too ("... at 'Node:X' ...").
            throw new NodeConfigurationException(ConfigurationProblems.Describe("node", [$"{e.Message} {e.InnerException?.Message}".TrimEnd()]), e);
        }

        var names = required ?? typeof(NodeOptions).GetProperties().Select(p => p.Name).ToArray();
        var problems = new List<string>();
        foreach (var name in names)
        {
            var property = typeof(NodeOptions).GetProperty(name) ?? throw new ArgumentException($"No node setting {name}.", nameof(required));
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateProperty(property.GetValue(options), new ValidationContext(options) { MemberName = name }, results))
            {
                problems.AddRange(results.Select(r =>
                    $"{NodeOptions.Section}:{name}: {r.ErrorMessage} (appsettings.json, --config FILE, HST_{NodeOptions.Section}__{name} or --{NodeOptions.Section}:{name}=...)"));
            }
        }

        if (names.Contains(nameof(NodeOptions.AgencyListenAddress)) && !System.Net.IPAddress.TryParse(options.AgencyListenAddress, out _))
        {
            problems.Add($"{NodeOptions.Section}:{nameof(NodeOptions.AgencyListenAddress)}: '{options.AgencyListenAddress}' is not an IP address.");
        }

        return problems.Count == 0
            ? options
            : throw new NodeConfigurationException(ConfigurationProblems.Describe("node", problems));
    }

    /// <summary>Keys under Node that no setting binds to, and values not of their setting's type (<see cref="SettingsCheck"/>).</summary>
    public static List<SettingProblem> KeyProblems(IConfiguration configuration) =>
        SettingsCheck.Problems(configuration, NodeOptions.Section, typeof(NodeOptions));
}
