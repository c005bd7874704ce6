using System.Diagnostics;
using System.Text;
using System.Text.Json;
using HstFederation.Testing;

namespace HstFederation.Node.Tests.FrontDoor;

/// <summary>
/// The front door's <c>./hst demo</c> as a person runs it: the scenario through the real processes' real interfaces
/// (node CLI, agency API), the <c>--json</c> summary, a federation started for the demo and stopped afterwards, and a
/// failure that names its expectation. The script runs the executables built beside this test (HST_*_EXE) with its
/// state in a temporary HST_HOME. Timeouts are hang guards, not measurements.
/// </summary>
public sealed class HstDemoTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);
    private readonly string home = Directory.CreateTempSubdirectory("hst-demo-").FullName;
    private readonly HstScript hst;

    public HstDemoTests() => hst = new HstScript(RepositoryRoot.Find(), home);

    [Fact]
    public async Task Demo_with_no_federation_up_starts_one_checks_every_expectation_and_stops_exactly_it()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // ./hst is a bash script that reads /proc.
        }

        using var guard = new CancellationTokenSource(HangGuard);
        var run = await hst.RunAsync(["demo", "--json"], guard.Token);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var summary = JsonDocument.Parse(run.Out); // stdout holds the summary and nothing else
        var root = summary.RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean(), run.ToString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("failed").ValueKind);
        Assert.Equal(["FR", "DE", "IT", "ES"], root.GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(6, root.GetProperty("submitted").GetInt32());
        Assert.Equal(6, root.GetProperty("accepted").GetInt32());
        Assert.Equal(0, root.GetProperty("rejected").GetInt32());
        // Report to DE and IT, reply to FR, direct to ES, IT's recruiter report to DE, ES's to FR, the report's version 2 to DE and IT
        // (a release is not an addressee's delivery).
        Assert.Equal(8, root.GetProperty("delivered").GetInt32());
        Assert.Equal(8, root.GetProperty("receipts").GetInt32());
        Assert.Equal(2, root.GetProperty("hits").GetInt32()); // IT's and ES's notifications of their shared recruiter
        Assert.Equal(1, root.GetProperty("releases").GetInt32());
        Assert.Equal(4, root.GetProperty("products").GetInt32()); // one corridor report for each NCB that may read a message of the period
        var lifecycle = root.GetProperty("lifecycle");
        Assert.Equal(1, lifecycle.GetProperty("updates").GetInt32());
        Assert.Equal(2, lifecycle.GetProperty("restrictions").GetInt32()); // one order per version of the report
        Assert.Equal(1, lifecycle.GetProperty("recalls").GetInt32());
        Assert.Equal(5, lifecycle.GetProperty("confirmations").GetInt32()); // DE and IT for each restriction, ES for the recall
        Assert.Equal(1, lifecycle.GetProperty("outstandingWhileOffline").GetInt32()); // ES's, while its node was stopped
        Assert.Equal(0, lifecycle.GetProperty("outstandingConfirmations").GetInt32());

        var checks = root.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("ok").GetBoolean());
        Assert.All(checks, c => Assert.True(c.Value, c.Key));
        Assert.Superset(
            new HashSet<string>
            {
                "report-accepted", "report-receipts", "report-watched-by-de-agency", "report-found-by-phone-at-de", "reply-accepted",
                "reply-retry-safe", "reply-receipts", "direct-accepted", "direct-receipts", "direct-readable-at-es", "report-delivered-exactly",
                "reply-delivered-exactly", "direct-delivered-exactly", "hub-files-without-canary", "hit-notified-it", "hit-notified-es",
                "hit-without-foreign-content", "release-accepted", "release-forwarded", "corridor-report", "corridor-report-at-es",
                "report-v2-accepted", "report-v2-receipts", "update-supersedes-at-de", "restriction-confirmed-report", "restriction-confirmed-report-v2",
                "restriction-purged-at-it-report", "restriction-purged-at-it-report-v2", "recall-outstanding-while-offline",
                "recall-confirmed-after-offline", "recall-purged-at-es", "no-confirmation-outstanding",
            },
            checks.Keys.ToHashSet());

        var messages = root.GetProperty("messages").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        AssertMessage(messages["report"], "FR", ["DE", "IT"], hubMayRead: true);
        AssertMessage(messages["reply"], "DE", ["FR"], hubMayRead: true);
        AssertMessage(messages["direct"], "FR", ["ES"], hubMayRead: false);
        AssertMessage(messages["recruiter-it"], "IT", ["DE"], hubMayRead: true);
        AssertMessage(messages["recruiter-es"], "ES", ["FR"], hubMayRead: true);
        AssertMessage(messages["report-v2"], "FR", ["DE", "IT"], hubMayRead: true);
        Assert.StartsWith("agency API", messages["reply"].GetProperty("interface").GetString(), StringComparison.Ordinal);

        // The federation it started is gone, and nothing it started is still running.
        Assert.False(File.Exists(Path.Combine(home, "federation.json")));
        Assert.False(File.Exists(Path.Combine(home, "run", "up.pids")));
        Assert.Empty(hst.ProcessesUsingHome());
        Assert.Contains("Stopped: hub FR DE IT ES", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_on_a_running_federation_without_ES_fails_naming_the_missing_member_and_leaves_it_running()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var guard = new CancellationTokenSource(HangGuard);
        using var up = hst.Start("up", "--members", "FR,DE,IT");
        var errors = new StringBuilder();
        up.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        up.BeginErrorReadLine();
        var line = await up.StandardOutput.ReadLineAsync(guard.Token);
        while (line is not null && !line.StartsWith("READY", StringComparison.Ordinal))
        {
            line = await up.StandardOutput.ReadLineAsync(guard.Token);
        }

        Assert.True(line == "READY 3 members", Snapshot(errors));

        var json = await hst.RunAsync(["demo", "--json"], guard.Token);
        Assert.True(json.ExitCode == 1, json.ToString());
        using (var summary = JsonDocument.Parse(json.Out))
        {
            var root = summary.RootElement;
            Assert.False(root.GetProperty("ok").GetBoolean());
            Assert.Equal("members-present", root.GetProperty("failed").GetString());
            Assert.Equal(0, root.GetProperty("submitted").GetInt32());
            var check = Assert.Single(root.GetProperty("checks").EnumerateArray());
            Assert.False(check.GetProperty("ok").GetBoolean());
            Assert.Contains("no node for ES", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var text = await hst.RunAsync(["demo"], guard.Token);
        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.Contains("DEMO FAILED: members-present: the running federation has no node for ES", text.Out, StringComparison.Ordinal);

        // The demo stops only what it started: the federation it found is still up.
        Assert.False(up.HasExited, Snapshot(errors));
        Assert.True(File.Exists(Path.Combine(home, "federation.json")));

        var down = await hst.RunAsync(["down"], guard.Token);
        Assert.True(down.ExitCode == 0, down.ToString());
        await up.WaitForExitAsync(guard.Token);
        Assert.Empty(hst.ProcessesUsingHome());
    }

    [Fact]
    public async Task Demo_after_an_earlier_demo_takes_only_its_own_ups_READY_and_says_why_that_up_failed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var guard = new CancellationTokenSource(HangGuard);
        // The up log an earlier ./hst demo left, READY line included, and a PKI made without ES: this run's ./hst up
        // refuses at once, before it could print READY.
        var log = Path.Combine(home, "logs", "demo-up.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        await File.WriteAllTextAsync(log, "Starting the hub...\nREADY 4 members\nStopped: hub FR DE IT ES\n", guard.Token);
        var pki = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "HstFederation.DevPki")) { UseShellExecute = false };
        foreach (var argument in new[] { "create", "--out", Path.Combine(home, "pki"), "--members", "FR,DE,IT" })
        {
            pki.ArgumentList.Add(argument);
        }

        var created = await HstScript.RunAsync(pki, guard.Token);
        Assert.True(created.ExitCode == 0, created.ToString());

        var run = await hst.RunAsync(["demo", "--json"], guard.Token);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("", run.Out); // the demo never ran: no summary
        Assert.DoesNotContain("READY 4 members", run.Error, StringComparison.Ordinal); // the earlier run's
        Assert.Contains("was created without member ES", run.Error, StringComparison.Ordinal);
        Assert.Contains($"./hst up exited (status 1) before it printed READY; its log: {log}", run.Error, StringComparison.Ordinal);
        var kept = await File.ReadAllTextAsync(log, guard.Token);
        Assert.DoesNotContain("READY 4 members", kept, StringComparison.Ordinal);
        Assert.Contains("was created without member ES", kept, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(home, "run", "up.pids")));
        Assert.Empty(hst.ProcessesUsingHome());
    }

    [Fact]
    public async Task A_command_that_fails_unchecked_is_named_before_the_script_exits()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var guard = new CancellationTokenSource(HangGuard);
        // HST_HOME names a file: creating the state directory fails, which set -e alone would end without a word of the script's own.
        var file = Path.Combine(home, "not-a-directory");
        await File.WriteAllTextAsync(file, "", guard.Token);

        var run = await new HstScript(RepositoryRoot.Find(), file).RunAsync(["demo", "--json"], guard.Token);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("hst: stopping: 'mkdir -p \"$HOME_DIR\"' failed (status 1) at line", run.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        // Best effort: whatever a failed test left running is stopped by the script's own rules.
        try
        {
            hst.RunAsync(["down"], CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static void AssertMessage(JsonElement message, string from, string[] to, bool hubMayRead)
    {
        Assert.Equal(from, message.GetProperty("from").GetString());
        Assert.Equal(to, message.GetProperty("to").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(hubMayRead, message.GetProperty("hubMayRead").GetBoolean());
        Assert.Equal("accepted", message.GetProperty("state").GetString());
        Assert.Equal(to, message.GetProperty("deliveredTo").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(to, message.GetProperty("receiptsFrom").EnumerateArray().Select(t => t.GetString()));
    }

    private static string Snapshot(StringBuilder errors)
    {
        lock (errors)
        {
            return errors.ToString();
        }
    }
}
