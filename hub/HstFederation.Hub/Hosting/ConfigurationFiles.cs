namespace HstFederation.Hub.Hosting;

/// <summary>
/// A settings file (appsettings.json, the --config file) the JSON provider cannot read: it throws
/// <see cref="InvalidDataException"/> naming the file, with the parser's reason inside. Turned into the hub's
/// configuration error, so that every command, `serve` included, says which file and why and exits 1.
/// </summary>
internal static class ConfigurationFiles
{
    public static HubConfigurationException Unreadable(InvalidDataException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        // The provider's reason ("Could not parse the JSON file.") and, beneath it, the parser's, with line and position.
        var reasons = new List<string>();
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            reasons.Add(inner.Message);
        }

        var reason = reasons.Count > 0 ? " " + string.Join(" ", reasons) : string.Empty;
        return new HubConfigurationException($"{error.Message}{reason} Fix the file's JSON (or remove the file) and run the command again.", error);
    }
}
