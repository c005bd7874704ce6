namespace HstFederation.Hosting;

/// <summary>
/// A settings file (appsettings.json, the --config file) the JSON provider cannot read: it throws
/// <see cref="InvalidDataException"/> naming the file, with the parser's reason inside. Said in one line, so that every
/// command of hub and node, `serve` included, names the file and why.
/// </summary>
public static class UnreadableSettingsFile
{
    public static string Describe(InvalidDataException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        // The provider's reason ("Could not parse the JSON file.") and, beneath it, the parser's, with line and position.
        var reasons = new List<string>();
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            reasons.Add(inner.Message);
        }

        var reason = reasons.Count > 0 ? " " + string.Join(" ", reasons) : string.Empty;
        return $"{error.Message}{reason} Fix the file's JSON (or remove the file) and run the command again.";
    }
}
