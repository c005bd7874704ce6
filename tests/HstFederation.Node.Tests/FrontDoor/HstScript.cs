using System.Diagnostics;

namespace HstFederation.Node.Tests.FrontDoor;

/// <summary>
/// Runs the repository's <c>hst</c> script as a person would, with its state in a temporary HST_HOME and the
/// executables built beside the tests (HST_*_EXE), so the script builds nothing.
/// </summary>
internal sealed class HstScript(string repository, string home, string? workingDirectory = null)
{
    public Process Start(params string[] arguments)
    {
        var start = StartInfo(arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        return Process.Start(start)!;
    }

    public Task<ScriptRun> RunAsync(string[] arguments, CancellationToken cancellation) => RunAsync(StartInfo(arguments), cancellation);

    /// <summary>Processes other than this test whose command line names the temporary home: what is still running.</summary>
    public List<string> ProcessesUsingHome()
    {
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(home, StringComparison.Ordinal))
                {
                    found.Add($"{Path.GetFileName(directory)}: {commandLine}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A process that ended while we looked, or a /proc entry that is not a process.
            }
        }

        return found;
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, WorkingDirectory = workingDirectory ?? repository };
        start.ArgumentList.Add(Path.Combine(repository, "hst"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var binaries = AppContext.BaseDirectory;
        start.Environment["HST_HOME"] = home;
        start.Environment["HST_HUB_EXE"] = Path.Combine(binaries, "hst-hub");
        start.Environment["HST_NODE_EXE"] = Path.Combine(binaries, "hst-node");
        start.Environment["HST_PKI_EXE"] = Path.Combine(binaries, "HstFederation.DevPki");
        start.Environment["HST_DEMO_EXE"] = Path.Combine(binaries, "hst-demo");
        start.Environment.Remove("HST_ARTIFACTS");
        return start;
    }

    /// <summary>Runs any process to its end, collecting what it printed.</summary>
    public static async Task<ScriptRun> RunAsync(ProcessStartInfo start, CancellationToken cancellation)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var error = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        return new ScriptRun(process.ExitCode, await output, await error);
    }
}
