namespace HstFederation.Hub.Hosting;

/// <summary>Reads and validates <see cref="HubOptions"/>; every problem names its setting.</summary>
internal static class HubSettings
{
    public static HubOptions Read(IConfiguration configuration)
    {
        var options = SectionSettings.Bind<HubOptions>(configuration, HubOptions.Section);
        SectionSettings.ThrowIfAny(SectionSettings.Problems(options, HubOptions.Section));
        if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
        {
            throw new HubConfigurationException($"Invalid hub configuration:{Environment.NewLine}  {HubOptions.Section}:ListenAddress: '{options.ListenAddress}' is not an IP address.");
        }

        return options;
    }
}
