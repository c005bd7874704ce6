using HstFederation.Hosting;

namespace HstFederation.Node.Hosting;

/// <summary>A settings file the JSON provider cannot read, as the node's configuration error: every command, `serve` included, names it and exits 1.</summary>
internal static class ConfigurationFiles
{
    public static NodeConfigurationException Unreadable(InvalidDataException error) => new(UnreadableSettingsFile.Describe(error), error);
}
