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

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var problems = results.Select(r => $"{HubOptions.Section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}");
            throw new HubConfigurationException("Invalid hub configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
        }

        if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
        {
            throw new HubConfigurationException($"Invalid hub configuration:{Environment.NewLine}  {HubOptions.Section}:ListenAddress: '{options.ListenAddress}' is not an IP address.");
        }

        return options;
    }
}
