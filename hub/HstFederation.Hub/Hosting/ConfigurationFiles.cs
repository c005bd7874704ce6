using HstFederation.Hosting;

namespace HstFederation.Hub.Hosting;

/// <summary>A settings file the JSON provider cannot read, as the hub's configuration error: every command, `serve` included, names it and exits 1.</summary>
internal static class ConfigurationFiles
{
    public static HubConfigurationException Unreadable(InvalidDataException error) => new(UnreadableSettingsFile.Describe(error), error);
}
