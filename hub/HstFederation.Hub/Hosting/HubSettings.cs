namespace HstFederation.Hub.Hosting;

/// <summary>Reads and validates <see cref="HubOptions"/>; every problem names its setting.</summary>
internal static class HubSettings
{
    public static HubOptions Read(IConfiguration configuration)
    {
        var options = SectionSettings.Bind<HubOptions>(configuration, HubOptions.Section);

        // The nested section's annotations too, named by their full key (Hub:Intelligence:BatchSize).
        SectionSettings.ThrowIfAny(
        [
            .. SectionSettings.Problems(options, HubOptions.Section),
            .. SectionSettings.Problems(options.Intelligence, $"{HubOptions.Section}:{Intelligence.IntelligenceOptions.Section}"),
        ]);
        if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
        {
            throw new HubConfigurationException($"Invalid hub configuration:{Environment.NewLine}  {HubOptions.Section}:ListenAddress: '{options.ListenAddress}' is not an IP address.");
        }

        return options;
    }
}
