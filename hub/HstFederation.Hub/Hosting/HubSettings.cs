using System.ComponentModel.DataAnnotations;

namespace HstFederation.Hub.Hosting;

/// <summary>Reads and validates <see cref="HubOptions"/>; every problem names its setting.</summary>
internal static class HubSettings
{
    public static HubOptions Read(IConfiguration configuration)
    {
        HubOptions options;
        try
        {
            options = configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the setting whose value does not convert (e.g. a malformed TimeSpan).
            throw new HubConfigurationException("Invalid hub configuration: " + (e.InnerException?.Message ?? e.Message), e);
        }

        // Each section's annotations, named by their full key (Hub:Intelligence:BatchSize).
        var problems = Problems(options, HubOptions.Section).Concat(Problems(options.Intelligence, $"{HubOptions.Section}:{Intelligence.IntelligenceOptions.Section}")).ToList();
        if (problems.Count > 0)
        {
            throw new HubConfigurationException("Invalid hub configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
        }

        if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
        {
            throw new HubConfigurationException($"Invalid hub configuration:{Environment.NewLine}  {HubOptions.Section}:ListenAddress: '{options.ListenAddress}' is not an IP address.");
        }

        return options;
    }

    private static IEnumerable<string> Problems(object section, string prefix)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true);
        return results.Select(r => $"{prefix}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}");
    }
}
