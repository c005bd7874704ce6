namespace HstFederation.Hosting;

/// <summary>
/// The one shape of a configuration refusal, wherever the problem was found (a file, the environment, the command line,
/// a required setting left out) and whichever command found it: "Invalid hub configuration: " and the first problem on
/// the line, any further problem on its own indented line below.
/// </summary>
public static class ConfigurationProblems
{
    /// <param name="program">"hub" or "node".</param>
    public static string Describe(string program, IEnumerable<string> problems) =>
        $"Invalid {program} configuration: " + string.Join(Environment.NewLine + "  ", problems);
}
