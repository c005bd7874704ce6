using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HstFederation.Testing;

namespace HstFederation.Node.Tests.FrontDoor;

/// <summary>
/// The front door's <c>./hst up</c> and <c>./hst down</c> as a person runs them: the hub and one node per member as
/// separate OS processes, <c>federation.json</c>, the READY line, and a <c>down</c> that stops exactly those
/// processes. The script runs the hub, node and dev-PKI executables built beside this test (HST_*_EXE, so
/// nothing is built here) with its state in a temporary HST_HOME. Timeouts are hang guards, not measurements.
/// </summary>
public sealed class HstUpTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);
    private readonly string home = Directory.CreateTempSubdirectory("hst-up-").FullName;
    private readonly HstScript hst;

    public HstUpTests() => hst = new HstScript(RepositoryRoot.Find(), home);

    [Fact]
    public async Task Up_runs_the_hub_and_a_node_per_member_as_processes_and_down_stops_exactly_them()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // ./hst is a bash script that reads /proc.
        }

        using var guard = new CancellationTokenSource(HangGuard);
        using var up = hst.Start("up", "--members", "FR,DE");
        var errors = new StringBuilder();
        up.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        up.BeginErrorReadLine();

        var lines = new List<string>();
        while (await up.StandardOutput.ReadLineAsync(guard.Token) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("READY", StringComparison.Ordinal))
            {
                break;
            }
        }

        // Exactly one line on stdout (docs/local-federation.md): progress goes to stderr, so a script can read the READY line alone.
        Assert.True(lines is ["READY 2 members"], $"stdout: {string.Join('\n', lines)}\nstderr: {Snapshot(errors)}");

        var federationPath = Path.Combine(home, "federation.json");
        using var federation = JsonDocument.Parse(await File.ReadAllTextAsync(federationPath, guard.Token));
        Assert.Equal(up.Id, federation.RootElement.GetProperty("upPid").GetInt32());
        var parties = federation.RootElement.GetProperty("parties").EnumerateArray().ToList();
        Assert.Equal(["hub", "node", "node"], parties.Select(p => p.GetProperty("role").GetString()));
        Assert.Equal(["urn:hst:hub:IPSG", "urn:hst:member:FR", "urn:hst:member:DE"], parties.Select(p => p.GetProperty("identity").GetString()));

        // Retries to the hub back off to 15 s at most, so a rehearsed hub outage ends within seconds of ./hst online hub.
        using var frConfig = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(home, "nodes", "FR", "node.json"), guard.Token));
        Assert.Equal("00:00:15", frConfig.RootElement.GetProperty("Node").GetProperty("MaxRetryDelay").GetString());

        var pids = new List<(int Pid, string Marker)>();
        foreach (var party in parties)
        {
            var pid = party.GetProperty("pid").GetInt32();
            var database = party.GetProperty("database").GetString()!;
            Assert.StartsWith(home, database, StringComparison.Ordinal);
            Assert.True(File.Exists(database), database);
            foreach (var purpose in party.GetProperty("certificates").EnumerateObject())
            {
                Assert.True(File.Exists(purpose.Value.GetProperty("certificate").GetString()), purpose.Name);
                Assert.True(File.Exists(purpose.Value.GetProperty("privateKey").GetString()), purpose.Name);
            }

            // Each party is its own process, running the command federation.json records.
            var marker = party.GetProperty("role").GetString() == "hub"
                ? "--Hub:PortFile=" + Path.Combine(home, "run", "hub.port")
                : party.GetProperty("config").GetString()!;
            Assert.Contains(marker, CommandLine(pid));
            Assert.Contains(marker, party.GetProperty("command").GetString(), StringComparison.Ordinal);
            pids.Add((pid, marker));

            foreach (var endpoint in party.GetProperty("endpoints").EnumerateObject())
            {
                var uri = new Uri(endpoint.Value.GetString()!);
                Assert.Equal("127.0.0.1", uri.Host);
                using var client = new TcpClient();
                await client.ConnectAsync(uri.Host, uri.Port, guard.Token);
            }
        }

        Assert.Equal(3, pids.Select(p => p.Pid).Distinct().Count());

        // The recorded CLI line works against the running federation: the node reaches the hub.
        var cli = parties[1].GetProperty("cli").GetString()!;
        var status = await RunAsync("bash", ["-c", cli.Replace("<command>", "status", StringComparison.Ordinal)], guard.Token);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("urn:hst:member:FR", status.Out, StringComparison.Ordinal);

        // ./hst offline DE stops that node alone: up keeps running, the hub and FR keep listening; online starts it again
        // on the same agency port, and it is listed for down.
        var offline = await hst.RunAsync(["offline", "DE"], guard.Token);
        Assert.True(offline.ExitCode == 0 && offline.Out.Contains("OFFLINE DE", StringComparison.Ordinal), offline.ToString());
        Assert.DoesNotContain(pids[2].Marker, CommandLine(pids[2].Pid));
        Assert.False(up.HasExited, Snapshot(errors));
        var again = await hst.RunAsync(["offline", "DE"], guard.Token);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("the node of DE is not running", again.Error, StringComparison.Ordinal);
        var lower = await hst.RunAsync(["offline", "de"], guard.Token); // the code in either case, as up --members takes it
        Assert.Equal(1, lower.ExitCode);
        Assert.Contains("the node of DE is not running", lower.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await hst.RunAsync(["offline", "DEU"], guard.Token)).ExitCode);
        Assert.Equal(1, (await hst.RunAsync(["online", "FR"], guard.Token)).ExitCode); // FR was never taken down

        var online = await hst.RunAsync(["online", "DE"], guard.Token);
        Assert.True(online.ExitCode == 0 && online.Out.Contains("ONLINE DE", StringComparison.Ordinal), online.ToString());
        var restarted = Listed(await File.ReadAllLinesAsync(Path.Combine(home, "run", "up.pids"), guard.Token), "DE");
        Assert.NotEqual(pids[2].Pid, restarted);
        Assert.Contains(pids[2].Marker, CommandLine(restarted));
        var agency = new Uri(parties[2].GetProperty("endpoints").GetProperty("agency").GetString()!);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(agency.Host, agency.Port, guard.Token);
        }

        Assert.False(up.HasExited, Snapshot(errors));
        pids[2] = (restarted, pids[2].Marker);

        // ./hst offline hub stops the hub alone: up keeps running, the nodes keep queueing (FR's status: the hub
        // unreachable, one queued) and hst-hub status says serve is not running; online starts it on the port the nodes
        // know, and what FR queued meanwhile reaches DE.
        var hubOffline = await hst.RunAsync(["offline", "hub"], guard.Token);
        Assert.True(hubOffline.ExitCode == 0 && hubOffline.Out.Contains("OFFLINE hub", StringComparison.Ordinal), hubOffline.ToString());
        Assert.DoesNotContain(pids[0].Marker, CommandLine(pids[0].Pid));
        var hubAgain = await hst.RunAsync(["offline", "HUB"], guard.Token);
        Assert.Equal(1, hubAgain.ExitCode);
        Assert.Contains("the hub is not running", hubAgain.Error, StringComparison.Ordinal);
        var hubDown = await Cli(parties[0], guard.Token, "status");
        Assert.Equal(1, hubDown.ExitCode);
        Assert.Contains("Serve        NOT running: members' nodes keep their messages queued", hubDown.Out, StringComparison.Ordinal);
        var sent = await Cli(parties[1], guard.Token, "send", "--file", Path.Combine(RepositoryRoot.Find(), "docs", "examples", "hst-message.json"), "--to", "DE", "--handling", "H2", "--json");
        Assert.True(sent.ExitCode == 0, sent.ToString());
        var messageId = JsonDocument.Parse(sent.Out).RootElement.GetProperty("messageId").GetString()!;
        var queued = await Cli(parties[1], guard.Token, "status", "--json");
        Assert.Equal(1, queued.ExitCode);
        var frStatus = JsonDocument.Parse(queued.Out).RootElement;
        Assert.False(frStatus.GetProperty("hub").GetProperty("reachable").GetBoolean(), queued.Out);
        Assert.Equal(1, frStatus.GetProperty("store").GetProperty("queued").GetInt32());
        Assert.False(up.HasExited, Snapshot(errors)); // the hub's deliberate stop is not a failure

        var hubOnline = await hst.RunAsync(["online", "hub"], guard.Token);
        Assert.True(hubOnline.ExitCode == 0 && hubOnline.Out.Contains("ONLINE hub", StringComparison.Ordinal), hubOnline.ToString());
        var hubRestarted = Listed(await File.ReadAllLinesAsync(Path.Combine(home, "run", "up.pids"), guard.Token), "hub");
        Assert.NotEqual(pids[0].Pid, hubRestarted);
        var hubAddress = new Uri(parties[0].GetProperty("endpoints").GetProperty("federation").GetString()!);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"--Hub:Port={hubAddress.Port}"), CommandLine(hubRestarted));
        Assert.Equal(0, (await Cli(parties[0], guard.Token, "status")).ExitCode);
        while (!(await Cli(parties[2], guard.Token, "inbox")).Out.Contains(messageId, StringComparison.Ordinal))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), guard.Token); // until DE's node reconnects and takes it (the hang guard bounds it)
        }

        Assert.False(up.HasExited, Snapshot(errors));
        pids[0] = (hubRestarted, pids[0].Marker);

        // FR too: now every party up started has been taken down once, and up has no child of its own left to wait for;
        // it stays up (it once stopped the whole federation here) and the hub still answers.
        Assert.Equal(0, (await hst.RunAsync(["offline", "FR"], guard.Token)).ExitCode);
        var frOnline = await hst.RunAsync(["online", "FR"], guard.Token);
        Assert.True(frOnline.ExitCode == 0, frOnline.ToString());
        Assert.Equal(0, (await Cli(parties[0], guard.Token, "status")).ExitCode);
        Assert.False(up.HasExited, Snapshot(errors));
        pids[1] = (Listed(await File.ReadAllLinesAsync(Path.Combine(home, "run", "up.pids"), guard.Token), "FR"), pids[1].Marker);

        // A second up while this one runs refuses.
        var second = await hst.RunAsync(["up", "--members", "FR"], guard.Token);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("already up", second.Error, StringComparison.Ordinal);

        var down = await hst.RunAsync(["down"], guard.Token);
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Contains(
            string.Create(CultureInfo.InvariantCulture, $"Stopped: hub (pid {pids[0].Pid}), FR (pid {pids[1].Pid}), DE (pid {pids[2].Pid})"),
            down.Out,
            StringComparison.Ordinal);

        await up.WaitForExitAsync(guard.Token);
        Assert.True(up.ExitCode == 0, Snapshot(errors));
        foreach (var (pid, marker) in pids)
        {
            Assert.DoesNotContain(marker, CommandLine(pid));
        }

        Assert.False(File.Exists(federationPath));
    }

    [Fact]
    public async Task Up_refuses_bad_member_codes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var guard = new CancellationTokenSource(HangGuard);
        var run = await hst.RunAsync(["up", "--members", "FR,DEU"], guard.Token);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'DEU' is not a member code", run.Error, StringComparison.Ordinal);

        // Named as typed, not upper-cased.
        run = await hst.RunAsync(["up", "--members", "fr,xx1"], guard.Token);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'xx1' is not a member code", run.Error, StringComparison.Ordinal);

        run = await hst.RunAsync(["up", "--members", "FR,fr"], guard.Token);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("member FR is listed twice", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_and_online_take_the_member_code_in_either_case()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var guard = new CancellationTokenSource(HangGuard);
        foreach (var command in new[] { "offline", "online" })
        {
            // No federation is up: a code in lower case gets that far (not a usage error); a bad code does not.
            var lower = await hst.RunAsync([command, "es"], guard.Token);
            Assert.Equal(1, lower.ExitCode);
            Assert.Contains($"hst {command}: no federation is up", lower.Error, StringComparison.Ordinal);
            Assert.Equal(2, (await hst.RunAsync([command, "esp"], guard.Token)).ExitCode);
        }
    }

    [Fact]
    public async Task Down_never_stops_a_process_that_only_has_a_recorded_pid()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var guard = new CancellationTokenSource(HangGuard);
        using var stranger = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        try
        {
            // The pid file names the stranger's PID twice: once with another start time (a reused PID), once with
            // its own start time but without the party's argument in its command line.
            var start = File.ReadAllText($"/proc/{stranger.Id}/stat").Split(") ")[1].Split(' ')[19];
            Directory.CreateDirectory(Path.Combine(home, "run"));
            await File.WriteAllTextAsync(
                Path.Combine(home, "run", "up.pids"),
                string.Create(CultureInfo.InvariantCulture, $"{stranger.Id}\t1\tFR\t{home}/nodes/FR/node.json\n{stranger.Id}\t{start}\tDE\t{home}/nodes/DE/node.json\n"),
                guard.Token);

            var down = await hst.RunAsync(["down"], guard.Token);

            Assert.True(down.ExitCode == 0, down.ToString());
            Assert.Contains("Stopped: nothing was running", down.Out, StringComparison.Ordinal);
            Assert.False(stranger.HasExited);
        }
        finally
        {
            stranger.Kill();
            await stranger.WaitForExitAsync(guard.Token);
        }
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

    private static Task<ScriptRun> RunAsync(string file, string[] arguments, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return HstScript.RunAsync(start, cancellation);
    }

    /// <summary>The pid up.pids lists for <paramref name="party"/>.</summary>
    private static int Listed(string[] pidFile, string party) =>
        int.Parse(pidFile.Select(l => l.Split('\t')).Single(f => f[2] == party)[0], CultureInfo.InvariantCulture);

    /// <summary>The party's CLI as federation.json records it ("cli", a shell line with "&lt;command&gt;"), with these arguments.</summary>
    private static Task<ScriptRun> Cli(JsonElement party, CancellationToken cancellation, params string[] arguments)
    {
        var line = party.GetProperty("cli").GetString()!.Replace("<command>", "\"$@\"", StringComparison.Ordinal);
        return RunAsync("bash", ["-c", line, "hst", .. arguments], cancellation);
    }

    /// <summary>The arguments of a live process, or none when the PID is gone.</summary>
    private static List<string> CommandLine(int pid)
    {
        try
        {
            return [.. File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static string Snapshot(StringBuilder errors)
    {
        lock (errors)
        {
            return errors.ToString();
        }
    }
}
