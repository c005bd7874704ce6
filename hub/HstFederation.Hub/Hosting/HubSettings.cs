using System.ComponentModel.DataAnnotations;

namespace HstFederation.Hub.Hosting;

/// <summary>Reads and validates <see cref="HubOptions"/>; every problem names its setting.</summary>
internal static class HubSettings
{
    public static HubOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var problems = results.Select(r => $"{HubOptions.Section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}");
            throw new HubConfigurationException("Invalid hub configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
        }

        return options;
    }
}
