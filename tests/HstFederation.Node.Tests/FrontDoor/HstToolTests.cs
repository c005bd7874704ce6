using System.Diagnostics;
using HstFederation.Testing;

namespace HstFederation.Node.Tests.FrontDoor;

/// <summary>
/// <c>./hst hub|node|pki</c> run the tools where the person typed the command, so the relative paths the docs use
/// (<c>./hst node send --config dev/FR/node.json --file docs/examples/hst-message.json</c>) name the files they mean.
/// The script runs the executables built beside this test (HST_*_EXE); without them it runs them with dotnet run, in
/// the same directory.
/// </summary>
public sealed class HstToolTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);
    private readonly string home = Directory.CreateTempSubdirectory("hst-tool-").FullName;

    [Theory]
    [InlineData("node", "inbox", "--config")]
    [InlineData("hub", "members", "--config")]
    public async Task A_tool_takes_a_relative_path_from_the_directory_hst_was_started_in(string tool, string command, string option)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var guard = new CancellationTokenSource(HangGuard);
        var caller = Directory.CreateDirectory(Path.Combine(home, "caller")).FullName;
        var hst = new HstScript(RepositoryRoot.Find(), Path.Combine(home, "state"), caller);

        var run = await hst.RunAsync([tool, command, option, Path.Combine("dev", "missing.json")], guard.Token);

        // The file does not exist: the tool names the full path it looked for, which must be under the caller's directory.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"{Path.Combine(caller, "dev", "missing.json")} does not exist", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Without a prebuilt tool the script builds it under its build lock and then runs it without building, so the quick
    /// start's several `./hst node serve ... &amp;` never build the same projects at once (docs/node.md). A stand-in
    /// `dotnet` first on PATH records each call and, for a build, whether the lock is held while it runs.
    /// </summary>
    [Fact]
    public async Task Without_a_prebuilt_tool_it_is_built_under_the_build_lock_then_run_without_building()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // flock(1)
        }

        using var guard = new CancellationTokenSource(HangGuard);
        var repository = RepositoryRoot.Find();
        var script = Path.Combine(repository, "hst");
        var fake = Directory.CreateDirectory(Path.Combine(home, "fake")).FullName;
        var calls = Path.Combine(home, "calls");
        var dotnet = Path.Combine(fake, "dotnet");
        await File.WriteAllTextAsync(dotnet, """
            #!/usr/bin/env bash
            if [[ "$1" == build ]]; then
              if flock -n "$HST_TEST_SCRIPT" true; then echo "build unlocked ${*:2}"; else echo "build locked ${*:2}"; fi >> "$HST_TEST_CALLS"
            else
              echo "$*" >> "$HST_TEST_CALLS"
            fi
            """.ReplaceLineEndings("\n"), guard.Token);
        File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, WorkingDirectory = home };
        foreach (var argument in new[] { script, "node", "inbox", "--json" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = fake + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["HST_TEST_SCRIPT"] = script;
        start.Environment["HST_TEST_CALLS"] = calls;
        start.Environment.Remove("HST_NODE_EXE");

        var run = await HstScript.RunAsync(start, guard.Token);

        Assert.True(run.ExitCode == 0, run.ToString());
        var project = Path.Combine(repository, "node", "HstFederation.Node");
        Assert.Equal(
            [
                $"build locked {project} -c Release -nologo -v quiet",
                $"run --project {project} -c Release --no-build -p:RunWorkingDirectory={home} -- inbox --json",
            ],
            await File.ReadAllLinesAsync(calls, guard.Token));
    }

    public void Dispose() => Directory.Delete(home, recursive: true);
}
