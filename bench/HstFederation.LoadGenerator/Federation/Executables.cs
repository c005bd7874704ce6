using System.Diagnostics;

namespace HstFederation.LoadGenerator.Federation;

/// <summary>
/// How the child processes are started: the hst-hub apphost (copied next to this assembly by the project
/// reference; `dotnet hst-hub.dll` where there is none) for the hub, and this assembly again for the baseline
/// server. Both use the dotnet installation of the generator, so the hub and the baseline run on one runtime.
/// </summary>
internal static class Executables
{
    private static string BaseDirectory => Path.GetDirectoryName(typeof(Executables).Assembly.Location)!;

    public static ProcessStartInfo Hub(IEnumerable<string> arguments)
    {
        var apphost = Path.Combine(BaseDirectory, OperatingSystem.IsWindows() ? "hst-hub.exe" : "hst-hub");
        if (!File.Exists(apphost))
        {
            return Dotnet(Path.Combine(BaseDirectory, "hst-hub.dll"), arguments);
        }

        var info = Redirected(apphost, arguments);
        if (Path.IsPathFullyQualified(DotnetHost()))
        {
            info.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(DotnetHost());
        }

        return info;
    }

    public static ProcessStartInfo Self(IEnumerable<string> arguments) => Dotnet(typeof(Executables).Assembly.Location, arguments);

    private static ProcessStartInfo Dotnet(string assembly, IEnumerable<string> arguments)
    {
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"{assembly} is missing; build bench/HstFederation.LoadGenerator first.", assembly);
        }

        return Redirected(DotnetHost(), [assembly, .. arguments]);
    }

    private static ProcessStartInfo Redirected(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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
