using System.Diagnostics;

namespace HstFederation.LoadGenerator.Federation;

/// <summary>
/// How the child processes are started: `dotnet hst-hub.dll` (copied next to this assembly by the project
/// reference) for the hub, and this assembly again for the baseline server. Both run on the same dotnet
/// host as the generator, so the hub and the baseline run on the same runtime.
/// </summary>
internal static class Executables
{
    private static string BaseDirectory => Path.GetDirectoryName(typeof(Executables).Assembly.Location)!;

    public static ProcessStartInfo Hub(IEnumerable<string> arguments) => Dotnet(Path.Combine(BaseDirectory, "hst-hub.dll"), arguments);

    public static ProcessStartInfo Self(IEnumerable<string> arguments) => Dotnet(typeof(Executables).Assembly.Location, arguments);

    private static ProcessStartInfo Dotnet(string assembly, IEnumerable<string> arguments)
    {
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"{assembly} is missing; build bench/HstFederation.LoadGenerator first.", assembly);
        }

        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>The dotnet host running this process (so children use the same runtime), else "dotnet" from PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }
}
