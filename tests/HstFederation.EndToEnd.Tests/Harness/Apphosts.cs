namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>
/// The prebuilt executables copied next to this assembly by the project references (as ./hst up runs them): the
/// hub, the node and the development PKI tool. Each runs as its own OS process, so a PID is the service itself.
/// </summary>
internal static class Apphosts
{
    public static string Hub => Find("hst-hub");

    public static string Node => Find("hst-node");

    public static string DevPki => Find("HstFederation.DevPki");

    private static string Find(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? name + ".exe" : name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{name} was not built next to the tests (expected {path}).", path);
    }
}
