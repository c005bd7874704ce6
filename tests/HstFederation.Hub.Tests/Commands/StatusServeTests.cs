using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HstFederation.Hosting;
using HstFederation.Hub.Commands;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// `hst-hub status` says whether `hst-hub serve` runs on the database, from the lock serve holds (ServeLock), as
/// `hst-node status` does: running with its pid and start time; not running, exit 1, everything else still shown; and
/// not running once the process that held the lock has died, whatever pid file it left behind.
/// </summary>
public sealed class StatusServeTests : IDisposable
{
    private const string NotRunning =
        "Serve        NOT running: members' nodes keep their messages queued; nothing is accepted or delivered until 'hst-hub serve' runs on this database";

    private readonly CommandHarness _hub = CommandHarness.Create();

    [Fact]
    public async Task Status_WhileServeHoldsTheDatabase_SaysRunningWithItsPidAndStart_AndExitsZero()
    {
        Assert.Equal(HubCommandLine.Success, (await _hub.RunAsync("init")).ExitCode);
        using var serving = await ServeLock.AcquireAsync(_hub.DatabasePath, "hst-hub", "Hub:DatabasePath", _hub.Time, CancellationToken.None);

        var text = await _hub.RunAsync("status");
        var json = await _hub.RunAsync("status", "--json");

        Assert.True(text.ExitCode == HubCommandLine.Success, text.ToString());
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Serve        running (pid {Environment.ProcessId}, started 2026-03-01 12:00:00Z)"), text.Out, StringComparison.Ordinal);
        Assert.Equal(HubCommandLine.Success, json.ExitCode);
        var serve = json.Json().GetProperty("serve");
        Assert.True(serve.GetProperty("running").GetBoolean());
        Assert.Equal(Environment.ProcessId, serve.GetProperty("pid").GetInt32());
        Assert.Equal(_hub.Time.GetUtcNow(), serve.GetProperty("since").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, serve.GetProperty("problem").ValueKind);
    }

    [Fact]
    public async Task Status_WithoutServe_SaysNotRunningAndWhatThatMeans_ShowsTheRest_AndExitsOne()
    {
        Assert.Equal(HubCommandLine.Success, (await _hub.RunAsync("init")).ExitCode);

        var text = await _hub.RunAsync("status");
        var json = await _hub.RunAsync("status", "--json");

        Assert.Equal(HubCommandLine.Failure, text.ExitCode);
        Assert.Contains(NotRunning, text.Out, StringComparison.Ordinal);
        Assert.Contains("UPCOMING EXPIRIES (0)", text.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, text.Error);
        Assert.Equal(HubCommandLine.Failure, json.ExitCode);
        var root = json.Json();
        var serve = root.GetProperty("serve");
        Assert.False(serve.GetProperty("running").GetBoolean());
        Assert.Equal(JsonValueKind.Null, serve.GetProperty("pid").ValueKind);
        Assert.StartsWith("members' nodes keep their messages queued", serve.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("upcomingExpiries").ValueKind);
    }

    [Fact]
    public async Task Status_AfterTheProcessHoldingTheLockDied_SaysNotRunning_ThoughItsPidFileRemains()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // The holder below is a shell taking the lock with flock(1), as .NET's FileShare.None takes it on Linux.
        }

        Assert.Equal(HubCommandLine.Success, (await _hub.RunAsync("init")).ExitCode);
        var lockPath = ServeLock.LockPath(_hub.DatabasePath);
        // Another process holds the lock as a serve would, then dies by SIGKILL: the kernel drops the lock, the files stay.
        using var holder = Process.Start(new ProcessStartInfo("bash")
        {
            ArgumentList = { "-c", "exec 9>>\"$0\" && flock -x 9 && echo locked && exec sleep 600", lockPath },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            // The holder file as serve writes it (ServeLock.WriteHolder), naming the process that holds the lock.
            await File.WriteAllTextAsync(
                ServeLock.HolderPath(_hub.DatabasePath),
                JsonSerializer.Serialize(new { Pid = holder.Id, StartedAt = _hub.Time.GetUtcNow() }));

            var held = await _hub.RunAsync("status");
            Assert.True(held.ExitCode == HubCommandLine.Success, held.ToString());
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Serve        running (pid {holder.Id}, "), held.Out, StringComparison.Ordinal);

            holder.Kill();
            await holder.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!holder.HasExited)
            {
                holder.Kill();
            }
        }

        var dead = await _hub.RunAsync("status", "--json");

        Assert.True(File.Exists(ServeLock.HolderPath(_hub.DatabasePath)));
        Assert.Equal(HubCommandLine.Failure, dead.ExitCode);
        Assert.False(dead.Json().GetProperty("serve").GetProperty("running").GetBoolean(), dead.ToString());
        Assert.Contains(NotRunning, (await _hub.RunAsync("status")).Out, StringComparison.Ordinal);
    }

    public void Dispose() => _hub.Dispose();
}
