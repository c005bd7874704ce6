using Xunit.Abstractions;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>
/// Runs a scenario body against a fresh federation and reports its wall time. A failing scenario writes the tail of
/// every party's log to the test output and keeps its directory (databases, logs) for examination.
/// </summary>
internal static class ScenarioRun
{
    public static async Task RunAsync(FederationSpec spec, ITestOutputHelper output, Func<Federation, Task> body)
    {
        if (!OperatingSystem.IsLinux())
        {
            // The harness starts parties through /bin/sh and stops them with kill(1); the CI runs on Linux.
            output.WriteLine("The end-to-end scenarios run on Linux only.");
            return;
        }

        var timeline = new Timeline();
        await using var federation = await Federation.CreateAsync(spec, timeline);
        timeline.Mark("set up");
        try
        {
            await body(federation);
        }
        catch
        {
            federation.Keep();
            output.WriteLine($"FAILED after {timeline.Elapsed.TotalSeconds:F1} s ({timeline}); the federation's files are kept in {federation.Directory}");
            output.WriteLine(Progress.Describe(federation));
            output.WriteLine(federation.LogTails());
            throw;
        }

        output.WriteLine($"wall time: {timeline.Elapsed.TotalSeconds:F1} s ({timeline})");
    }
}
