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

    public void Dispose() => Directory.Delete(home, recursive: true);
}
