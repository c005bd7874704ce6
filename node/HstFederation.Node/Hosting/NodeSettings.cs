using System.ComponentModel.DataAnnotations;

namespace HstFederation.Node.Hosting;

/// <summary>Reads and validates <see cref="NodeOptions"/>; every problem names its setting.</summary>
internal static class NodeSettings
{
    /// <summary>Binds the Node section and validates <paramref name="required"/> (property names), or every property when null.</summary>
    public static NodeOptions Read(IConfiguration configuration, IReadOnlyCollection<string>? required = null)
    {
        NodeOptions options;
        try
        {
            options = configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the setting whose value does not convert (e.g. a malformed TimeSpan).
            throw new NodeConfigurationException("Invalid node configuration: " + (e.InnerException?.Message ?? e.Message), e);
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
                    $"{NodeOptions.Section}:{name}: {r.ErrorMessage} (appsettings.json, HST_{NodeOptions.Section}__{name} or --{NodeOptions.Section}:{name}=...)"));
            }
        }

        if (names.Contains(nameof(NodeOptions.AgencyListenAddress)) && !System.Net.IPAddress.TryParse(options.AgencyListenAddress, out _))
        {
            problems.Add($"{NodeOptions.Section}:{nameof(NodeOptions.AgencyListenAddress)}: '{options.AgencyListenAddress}' is not an IP address.");
        }

        return problems.Count == 0
            ? options
            : throw new NodeConfigurationException("Invalid node configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
    }
}
