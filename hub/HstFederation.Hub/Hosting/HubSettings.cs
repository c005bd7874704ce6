using HstFederation.Hosting;
namespace HstFederation.Hub.Hosting;

/// <summary>Reads and validates <see cref="HubOptions"/>; every problem names its setting.</summary>
internal static class HubSettings
{
    public static HubOptions Read(IConfiguration configuration)
    {
        SectionSettings.ThrowIfAny(KeyProblems(configuration).Select(p => p.Message).ToList());
        var options = SectionSettings.Bind<HubOptions>(configuration, HubOptions.Section);

        // The nested section's annotations too, named by their full key (Hub:Intelligence:BatchSize).
        SectionSettings.ThrowIfAny(
        [
            .. SectionSettings.Problems(options, HubOptions.Section),
            .. SectionSettings.Problems(options.Intelligence, $"{HubOptions.Section}:{Intelligence.IntelligenceOptions.Section}"),
        ]);
        if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
        {
            throw new HubConfigurationException(ConfigurationProblems.Describe("hub", [$"{HubOptions.Section}:ListenAddress: '{options.ListenAddress}' is not an IP address."]));
        }

        return options;
    }

    /// <summary>
    /// Keys under Hub that no setting binds to, and values not of their setting's type, in Hub and in the sections the hub
    /// reads with their own options (Hub:Retention, Hub:Products; Hub:Intelligence is a property of <see cref="HubOptions"/>).
    /// </summary>
    public static List<SettingProblem> KeyProblems(IConfiguration configuration) =>
        SettingsCheck.Problems(configuration, HubOptions.Section, typeof(HubOptions), new Dictionary<string, Type>
        {
            [Retention.RetentionOptions.Section.Split(':')[^1]] = typeof(Retention.RetentionOptions),
            [Products.ProductOptions.Section.Split(':')[^1]] = typeof(Products.ProductOptions),
        });
}
